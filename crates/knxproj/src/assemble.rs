//! Putting it together: open the archive, read master data, project, hardware and application
//! programs (on two cores where it pays), resolve references, then build the project into a sink.

use std::{
    collections::{HashMap, HashSet},
    io::{BufRead, BufReader, Read, Seek},
    sync::{
        OnceLock,
        atomic::{AtomicUsize, Ordering},
    },
};

use crate::{
    ETS4_MAX_SCHEMA, ETS6_SCHEMA, LINKS_ATTRIBUTE_SCHEMA, Options,
    application::{self, Application},
    archive::{self, Archive},
    build,
    error::{Error, Result},
    hardware, master,
    model::*,
    project::{self, DeviceInstance},
    resolve::{self, Programs},
    sink::Sink,
};

/// Where the project files are: the outer archive, or the inner one of a protected project.
enum ProjectFiles<R: Read + Seek> {
    Plain(String),
    Protected(
        Archive<std::io::Cursor<Vec<u8>>>,
        std::marker::PhantomData<R>,
    ),
}

/// `file`: the same archive as `reader`, when it is a file (see [`Archive::set_file`]).
pub fn parse<R: Read + Seek>(
    reader: R,
    file: Option<std::fs::File>,
    options: &Options,
    sink: &mut impl Sink,
) -> Result<()> {
    let mut outer = Archive::open(reader, options.limits.clone())?;
    if let Some(file) = file {
        outer.set_file(file);
    }
    let project_id = outer
        .names()
        .iter()
        .find(|n| n.starts_with("P-") && n.ends_with(".signature") && !n.contains('/'))
        .map(|n| n.trim_end_matches(".signature").to_string())
        .ok_or_else(|| Error::ProjectNotFound("no P-xxxx.signature file".into()))?;
    if !outer.contains("knx_master.xml") {
        return Err(Error::ProjectNotFound("knx_master.xml is missing".into()));
    }
    let schema = read_schema(&mut outer)?;
    let is_ets4 = schema <= ETS4_MAX_SCHEMA;

    let protected = outer.contains(&format!("{project_id}.zip"));
    let master_raw = outer.read_raw("knx_master.xml")?;
    // knx_master.xml (a megabyte of XML to inflate and scan) is read on a second thread beside
    // the application programs, when there are any and no key derivation keeps a core busy
    // already. The programs need only the language of texts from it, which it publishes as soon
    // as its product languages are read. ETS 6's key derivation (65,536 rounds of PBKDF2, the
    // same fixed work for any reader) runs on a thread of its own, beside knx_master.xml.
    let derives_key = protected && schema >= ETS6_SCHEMA;
    // The application programs are started at once, beside the project's own files: what the
    // devices use of them is needed only on reaching their objects, a third or more into each.
    // Unless there are more than a real project has: then only those its devices use are read,
    // once the project is.
    let program_names: Vec<String> = outer
        .names()
        .iter()
        .filter(|n| is_application_program(n))
        .cloned()
        .collect();
    let early = program_names.len() <= EARLY_PROGRAMS;
    let programs: OnceLock<Vec<ProgramJob>> = OnceLock::new();
    if early {
        let _ = programs.set(application_programs(&mut outer, &program_names)?);
    }
    let beside_programs = !derives_key && !program_names.is_empty();
    let language: OnceLock<Option<String>> = OnceLock::new();
    let read_master = || {
        // Whatever happens to the master data, nobody is left waiting for the language.
        let _unblock = PublishOnExit(&language);
        let reader = BufReader::with_capacity(64 * 1024, master_raw.reader());
        master::Master::parse(reader, is_ets4, options.language.as_deref(), &language)
    };
    let next_program = AtomicUsize::new(0);
    let read_programs = || {
        let programs = started(&programs);
        take_in_turn(programs, &next_program, |job| {
            let reader = BufReader::with_capacity(64 * 1024, job.raw.reader());
            application::parse(reader, &job.raw.name, &job.used, &language)
        })
    };
    let (master, contents, read) = std::thread::scope(|scope| {
        let key = options
            .password
            .as_deref()
            .filter(|p| derives_key && !p.is_empty())
            .map(|p| scope.spawn(move || archive::ets6_zip_password(p)));
        let ets6_key = || key.map(joined);
        // `Ok`: being read on a thread of its own; `Err`: read here, first (an either, not an
        // error: the master data's own result is inside).
        let master = if beside_programs {
            Ok(scope.spawn(read_master))
        } else {
            Err(read_master())
        };
        // Threads for the programs, one per core but this one. The first starts now: beside the
        // master data's thread, or, while ETS 6's key is derived, once the master data is read
        // (the project waits for the key; starting it before that measured no faster). How
        // many cores there are is asked only after the project is read, when any more start
        // (asking takes up to 0.1 ms); this thread joins them then.
        let mut helpers: Vec<_> = (0..started(&programs).len().min(1))
            .map(|_| scope.spawn(read_programs))
            .collect();
        let contents = {
            // Whatever happens to the project, no program is left waiting for it.
            let _release = ReleaseOnExit(started(&programs));
            read_project_and_hardware(&mut outer, &project_id, schema, options, ets6_key).and_then(
                |contents| {
                    let used = used_of_programs(&contents, is_ets4);
                    match programs.get() {
                        Some(started) => publish_used(started, used),
                        None => {
                            let _ = programs.set(used_programs_to_read(&mut outer, used)?);
                        }
                    }
                    Ok(contents)
                },
            )
        };
        let programs = started(&programs);
        let more = cores()
            .saturating_sub(1 + helpers.len())
            .min(programs.len().saturating_sub(1 + helpers.len()));
        helpers.extend((0..more).map(|_| scope.spawn(read_programs)));
        let mut read = read_programs();
        for helper in helpers {
            read.extend(joined(helper));
        }
        let master = master.map_or_else(|read| read, joined);
        (master, contents, read)
    });
    // The master data's errors first, as when it was read first.
    let master = master?;
    let Contents {
        info,
        installation,
        mut devices,
        mut hw,
        app_of,
    } = contents?;
    let apps = used_programs(started(&programs), read)?;
    let language = master.language_code.clone();
    hw.translate(language.as_deref());

    let programs = Programs {
        app_of: &app_of,
        apps: &apps,
        is_ets4,
    };
    resolve::resolve_devices(&mut devices, &programs)?;
    let sources = build::Sources {
        master: &master,
        hardware: &hw,
        programs,
    };
    build::build(info, installation, devices, &sources, language, sink)
}

/// What the project says, read beside knx_master.xml and the application programs.
struct Contents {
    info: ProjectInfo,
    installation: project::Installation,
    devices: Vec<DeviceInstance>,
    hw: hardware::Hardware,
    app_of: HashMap<usize, Text>,
}

/// An application program to read, and what the project's devices use of it (published once
/// the project is read).
struct ProgramJob {
    raw: archive::RawEntry,
    used: OnceLock<Option<application::Used>>,
}

/// The programs to read, once they are known (none before).
fn started(programs: &OnceLock<Vec<ProgramJob>>) -> &[ProgramJob] {
    programs.get().map_or(&[], Vec::as_slice)
}

/// A scoped thread's result; its panic goes on in this thread.
fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// At most this many application programs are started before the project is read (each reads
/// up to its objects even if no device turns out to use it). Real projects have a few dozen;
/// an archive with more, hostile or not, has only the programs its devices use read.
const EARLY_PROGRAMS: usize = 64;

/// Application programs to read, biggest first, with what the devices use of them still to
/// be published.
fn application_programs<R: Read + Seek>(
    outer: &mut Archive<R>,
    names: &[String],
) -> Result<Vec<ProgramJob>> {
    let mut programs = Vec::with_capacity(names.len());
    for name in names {
        programs.push(ProgramJob {
            raw: outer.read_raw(name)?,
            used: OnceLock::new(),
        });
    }
    programs.sort_by_key(|job| std::cmp::Reverse(job.raw.compressed_len()));
    Ok(programs)
}

/// The programs the devices use that the archive has, biggest first, with what is used of
/// them (when they were not started before the project was read).
fn used_programs_to_read<R: Read + Seek>(
    outer: &mut Archive<R>,
    used: HashMap<String, application::Used>,
) -> Result<Vec<ProgramJob>> {
    let mut names: Vec<String> = used.keys().filter(|n| outer.contains(n)).cloned().collect();
    names.sort();
    let programs = application_programs(outer, &names)?;
    publish_used(&programs, used);
    Ok(programs)
}

/// The programs read, by file name, of those a device uses. Programs no device uses were
/// stopped on reaching their objects; what they held, errors included, does not count.
fn used_programs(
    programs: &[ProgramJob],
    read: Vec<(usize, Result<Option<Application>>)>,
) -> Result<HashMap<String, Application>> {
    let mut apps = HashMap::new();
    for (i, app) in read {
        let job = &programs[i];
        if job.used.get().is_some_and(Option::is_some)
            && let Some(app) = app?
        {
            apps.insert(job.raw.name.clone(), app);
        }
    }
    Ok(apps)
}

/// Reads the project and the hardware, and finds each device's application program.
fn read_project_and_hardware<R: Read + Seek>(
    outer: &mut Archive<R>,
    project_id: &str,
    schema: u32,
    options: &Options,
    ets6_key: impl FnOnce() -> Option<String>,
) -> Result<Contents> {
    let (info, installation) = read_project(outer, project_id, schema, options, ets6_key())?;

    // Hardware of every manufacturer folder in the outer archive.
    let mut hw = hardware::Hardware::default();
    let hardware_files: Vec<String> = outer
        .names()
        .iter()
        .filter(|n| {
            n.starts_with("M-") && n.matches('/').count() == 1 && n.ends_with("/Hardware.xml")
        })
        .cloned()
        .collect();
    for f in &hardware_files {
        with_entry(outer, f, |r| hardware::parse(r, f, &mut hw))?;
    }

    // Devices move out of the topology (which keeps only its areas and lines).
    let mut installation = installation;
    // Sized up front, and each line's list freed as it is emptied: the devices are held once.
    let count = installation
        .areas
        .iter()
        .flat_map(|a| &a.lines)
        .map(|l| l.devices.len())
        .sum();
    let mut devices: Vec<DeviceInstance> = Vec::with_capacity(count);
    for area in installation.areas.iter_mut() {
        for line in area.lines.iter_mut() {
            let on_line = std::mem::take(&mut line.devices);
            devices.extend(on_line.into_iter().filter(|d| d.address != u32::MAX));
        }
    }

    // Resolve products and application programs.
    let mut app_of: HashMap<usize, Text> = HashMap::new();
    for (i, d) in devices.iter_mut().enumerate() {
        if !hw.products.contains_key(&d.product_ref) {
            continue;
        }
        let Some(app) = hw.programs.get(&d.hardware_program_ref) else {
            continue;
        };
        app_of.insert(i, Text::from(app.as_str()));
        for m in d.module_instances.iter_mut() {
            let module_def = m.ref_id.split('_').next().unwrap_or_default().to_string();
            for arg in m.arguments.iter_mut() {
                arg.ref_id = if arg.ref_id.starts_with("SM-") {
                    format!("{app}_{module_def}_{}", arg.ref_id)
                } else {
                    format!("{app}_{}", arg.ref_id)
                };
            }
        }
    }

    Ok(Contents {
        info,
        installation,
        devices,
        hw,
        app_of,
    })
}

/// Tells each program what the devices use of it (`None`: no device uses it).
fn publish_used(programs: &[ProgramJob], mut used: HashMap<String, application::Used>) {
    for job in programs {
        let _ = job.used.set(used.remove(&job.raw.name));
    }
}

/// What the devices use of each program, by the program's file name.
fn used_of_programs(contents: &Contents, is_ets4: bool) -> HashMap<String, application::Used> {
    type RefsAndArguments = (HashSet<String>, HashSet<String>);
    let mut used: HashMap<String, RefsAndArguments> = HashMap::new();
    for (i, d) in contents.devices.iter().enumerate() {
        let Some(app) = contents.app_of.get(&i) else {
            continue;
        };
        let (refs, arguments) = used
            .entry(resolve::program_file(&d.manufacturer, app))
            .or_default();
        refs.extend(
            d.com_objects
                .iter()
                .map(|c| resolve::app_ref_id(app, &c.ref_id, is_ets4)),
        );
        arguments.extend(
            d.module_instances
                .iter()
                .flat_map(|m| m.arguments.iter().map(|a| a.ref_id.clone())),
        );
    }
    used.into_iter()
        .map(|(name, (refs, arguments))| (name, application::Used::new(refs, arguments)))
        .collect()
}

/// Tells every program still waiting that no device uses it, when dropped: the project could
/// not be read, and nobody waits for ever.
struct ReleaseOnExit<'a>(&'a [ProgramJob]);

impl Drop for ReleaseOnExit<'_> {
    fn drop(&mut self) {
        for job in self.0 {
            let _ = job.used.set(None);
        }
    }
}

/// `f` of the items not taken yet, one after another, taken in order (shared with other
/// threads doing the same); what was done, with each item's place.
fn take_in_turn<T, U>(items: &[T], next: &AtomicUsize, f: impl Fn(&T) -> U) -> Vec<(usize, U)> {
    let mut done = Vec::new();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(i) else {
            return done;
        };
        done.push((i, f(item)));
    }
}

/// `M-0083/M-0083_A-0013-11-A9D6.xml`
fn is_application_program(name: &str) -> bool {
    name.starts_with("M-")
        && name.ends_with(".xml")
        && name
            .split_once('/')
            .is_some_and(|(_, file)| !file.contains('/') && file.contains("_A-"))
}

/// Publishes "no language" when dropped before a language was published (the master data
/// failed), so that no reader waits for ever.
struct PublishOnExit<'a>(&'a OnceLock<Option<String>>);

impl Drop for PublishOnExit<'_> {
    fn drop(&mut self) {
        let _ = self.0.set(None);
    }
}

/// The project's meta data and installation, from the outer archive or, for protected
/// projects, from the inner one.
fn read_project<R: Read + Seek>(
    outer: &mut Archive<R>,
    project_id: &str,
    schema: u32,
    options: &Options,
    ets6_key: Option<String>,
) -> Result<(ProjectInfo, project::Installation)> {
    let inner_name = format!("{project_id}.zip");
    let is_ets4 = schema <= ETS4_MAX_SCHEMA;
    let mut files: ProjectFiles<R> = if outer.contains(&inner_name) {
        let password = options
            .password
            .as_deref()
            .filter(|p| !p.is_empty())
            .ok_or(Error::PasswordRequired)?;
        let bytes = outer.read_entry(&inner_name)?;
        let mut inner = archive::open_inner(bytes, options.limits.clone())?;
        let zip_password = if schema < ETS6_SCHEMA {
            password.as_bytes().to_vec()
        } else {
            ets6_key
                .unwrap_or_else(|| archive::ets6_zip_password(password))
                .into_bytes()
        };
        inner.set_password(zip_password);
        ProjectFiles::Protected(inner, std::marker::PhantomData)
    } else {
        ProjectFiles::Plain(format!("{project_id}/"))
    };

    let meta_name = if is_ets4 {
        "Project.xml"
    } else {
        "project.xml"
    };
    let opts = project::Options {
        uses_connectors: schema < LINKS_ATTRIBUTE_SCHEMA,
        is_ets4,
    };
    match &mut files {
        ProjectFiles::Plain(prefix) => {
            let meta = format!("{prefix}{meta_name}");
            let zero = format!("{prefix}0.xml");
            let info = with_entry(outer, &meta, |r| project::parse_info(r, &meta))?;
            let inst = with_entry(outer, &zero, |r| {
                project::parse_installation(r, &zero, &opts)
            })?;
            Ok((info, inst))
        }
        ProjectFiles::Protected(inner, _) => {
            // A wrong ZipCrypto password can slip past the 1-byte check and only fail while
            // inflating: any failure of the first read of a protected project is the password.
            let info = with_entry(inner, meta_name, |r| project::parse_info(r, meta_name))
                .map_err(|e| match e {
                    Error::TooLarge(_) | Error::PasswordRequired => e,
                    Error::ProjectNotFound(_) if !inner.contains(meta_name) => e,
                    _ => Error::WrongPassword,
                })?;
            let inst = with_entry(inner, "0.xml", |r| {
                project::parse_installation(r, "0.xml", &opts)
            })?;
            Ok((info, inst))
        }
    }
}

/// How many cores this process may use, asked once per process (the web application reads
/// many projects): asking reads the process's cgroup files, which took 40 to 100 µs, 1-2 % of
/// reading a small project.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn read_schema<R: Read + Seek>(outer: &mut Archive<R>) -> Result<u32> {
    let mut head = Vec::with_capacity(4096);
    outer
        .open_entry("knx_master.xml")?
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| archive::entry_error("knx_master.xml", &e))?;
    let text = String::from_utf8_lossy(&head);
    // ETS 4.1 has the namespace on the first line, later versions on the second.
    for line in text.lines().take(2) {
        if let Some(start) = line.find(" xmlns=\"") {
            let rest = &line[start + 8..];
            if let Some(end) = rest.find('"') {
                return crate::schema_from_namespace(&rest[..end]);
            }
        }
    }
    Err(Error::UnsupportedSchema(
        "knx_master.xml has no XML namespace on its first lines".into(),
    ))
}

fn with_entry<R: Read + Seek, T>(
    archive: &mut Archive<R>,
    name: &str,
    f: impl FnOnce(&mut dyn BufRead) -> Result<T>,
) -> Result<T> {
    if !archive.contains(name) {
        return Err(Error::ProjectNotFound(format!("{name} is missing")));
    }
    let entry = archive.open_entry(name)?;
    let mut reader = BufReader::with_capacity(64 * 1024, entry);
    f(&mut reader)
}
