//! Putting it together: open the archive, read master data, project, hardware and application
//! programs, resolve references, sort as xknxproject does, and build the output model.

use std::{
    collections::{HashMap, HashSet},
    io::{BufRead, BufReader, Read, Seek},
    sync::OnceLock,
};

use indexmap::IndexMap;

use crate::{
    ETS4_MAX_SCHEMA, ETS6_SCHEMA, LINKS_ATTRIBUTE_SCHEMA, Options,
    application::{self, Application},
    archive::{self, Archive},
    error::{Error, Result},
    hardware, master,
    model::*,
    project::{self, ChannelNode, ComObjectInstance, DeviceInstance, XmlGroupRange, XmlSpace},
    util::{comment_text, fill_text_parameter, strip_module_instance, text_parameter_ref},
};

const VERSION: &str = concat!("knxproj ", env!("CARGO_PKG_VERSION"));

/// Where the project files are: the outer archive, or the inner one of a protected project.
enum ProjectFiles<R: Read + Seek> {
    Plain(String),
    Protected(
        Archive<std::io::Cursor<Vec<u8>>>,
        std::marker::PhantomData<R>,
    ),
}

pub fn parse<R: Read + Seek>(reader: R, options: &Options) -> Result<KnxProject> {
    let mut outer = Archive::open(reader, options.limits.clone())?;
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
    let beside_programs = !derives_key && outer.names().iter().any(|n| is_application_program(n));
    let language: OnceLock<Option<String>> = OnceLock::new();
    let read_master = || {
        // Whatever happens to the master data, nobody is left waiting for the language.
        let _unblock = PublishOnExit(&language);
        let reader = BufReader::with_capacity(64 * 1024, master_raw.reader());
        master::Master::parse(reader, is_ets4, options.language.as_deref(), &language)
    };
    let (master, programs) = std::thread::scope(|scope| {
        let key = options
            .password
            .as_deref()
            .filter(|p| derives_key && !p.is_empty())
            .map(|p| scope.spawn(move || archive::ets6_zip_password(p)));
        let ets6_key = || key.map(|k| k.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        // `Ok`: being read on a thread of its own; `Err`: read here, first (an either, not an
        // error: the master data's own result is inside).
        let master = if beside_programs {
            Ok(scope.spawn(read_master))
        } else {
            Err(read_master())
        };
        let programs = read_programs(
            &mut outer,
            &project_id,
            schema,
            options,
            ets6_key,
            &language,
        );
        let master = master.map_or_else(
            |read| read,
            |thread| {
                thread
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            },
        );
        (master, programs)
    });
    // The master data's errors first, as when it was read first.
    let master = master?;
    let Programs {
        info,
        installation,
        mut devices,
        mut hw,
        app_of,
        apps,
    } = programs?;
    let language = master.language_code.clone();
    hw.translate(language.as_deref());

    // Merge application data into the devices.
    let mut resolved: Vec<Resolved> = Vec::with_capacity(devices.len());
    for (i, d) in devices.iter_mut().enumerate() {
        let product = hw.products.get(&d.product_ref);
        let app_id = app_of.get(&i).cloned();
        let app = app_id
            .as_ref()
            .and_then(|a| apps.get(&format!("{}/{a}.xml", d.manufacturer)));
        let mut cos = Vec::with_capacity(d.com_objects.len());
        if let Some(app) = app {
            for m in d.module_instances.iter_mut() {
                for arg in m.arguments.iter_mut() {
                    if let Some(info) = app.arguments.get(&arg.ref_id) {
                        arg.name = info.name.clone();
                        arg.allocates = info.allocates;
                    }
                }
            }
        }
        for co in std::mem::take(&mut d.com_objects) {
            cos.push(merge_com_object(co, app, d, app_id.as_deref())?);
        }
        if let Some(app) = app {
            let app_ref = app_id.as_deref().unwrap_or_default().to_string();
            let mut channels = std::mem::take(&mut d.channels);
            for ch in channels.iter_mut() {
                resolve_channel(ch, &app_ref, app, &d.parameters);
                resolve_channel_placeholders(ch, d)?;
            }
            d.channels = channels;
        }
        resolved.push(Resolved {
            manufacturer_name: master
                .manufacturers
                .get(&d.manufacturer)
                .cloned()
                .unwrap_or_default(),
            product: product.cloned(),
            application: app_id,
            com_objects: cos,
        });
    }

    Ok(build(
        info,
        installation,
        devices,
        resolved,
        &master,
        language,
    ))
}

/// What the project and its application programs say, read beside knx_master.xml.
struct Programs {
    info: ProjectInfo,
    installation: project::Installation,
    devices: Vec<DeviceInstance>,
    hw: hardware::Hardware,
    app_of: HashMap<usize, Text>,
    apps: HashMap<String, Application>,
}

/// Reads the project, the hardware and the application programs its devices use; `language`
/// is awaited only when a program's translations are reached.
fn read_programs<R: Read + Seek>(
    outer: &mut Archive<R>,
    project_id: &str,
    schema: u32,
    options: &Options,
    ets6_key: impl FnOnce() -> Option<String>,
    language: &OnceLock<Option<String>>,
) -> Result<Programs> {
    let is_ets4 = schema <= ETS4_MAX_SCHEMA;
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
    let mut devices: Vec<DeviceInstance> = Vec::new();
    for area in installation.areas.iter_mut() {
        for line in area.lines.iter_mut() {
            devices.extend(line.devices.drain(..).filter(|d| d.address != u32::MAX));
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
        for co in d.com_objects.iter_mut() {
            co.app_ref_id = Some(if is_ets4 && co.ref_id.starts_with(app.as_str()) {
                co.ref_id.clone()
            } else {
                format!("{app}_{}", strip_module_instance(&co.ref_id, "O"))
            });
        }
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

    // Each application program file once, reading only what its devices use.
    let mut by_file: IndexMap<String, Vec<usize>> = IndexMap::new();
    for (i, d) in devices.iter().enumerate() {
        if let Some(app) = app_of.get(&i) {
            by_file
                .entry(format!("{}/{app}.xml", d.manufacturer))
                .or_default()
                .push(i);
        }
    }
    // The files' bytes are read here in turn; inflating and reading them, most of the work for
    // a project with many device types, is shared among threads (biggest files first).
    let mut jobs = Vec::new();
    for (file, idx) in &by_file {
        if !outer.contains(file) {
            continue;
        }
        let used_refs: HashSet<String> = idx
            .iter()
            .flat_map(|&i| {
                devices[i]
                    .com_objects
                    .iter()
                    .filter_map(|c| c.app_ref_id.clone())
            })
            .collect();
        let used_args: HashSet<String> = idx
            .iter()
            .flat_map(|&i| {
                devices[i]
                    .module_instances
                    .iter()
                    .flat_map(|m| m.arguments.iter().map(|a| a.ref_id.clone()))
            })
            .collect();
        jobs.push((outer.read_raw(file)?, used_refs, used_args));
    }
    jobs.sort_by_key(|(raw, _, _)| std::cmp::Reverse(raw.compressed_len()));
    let parsed = parallel_map(&jobs, |(raw, used_refs, used_args)| {
        let reader = BufReader::with_capacity(64 * 1024, raw.reader());
        application::parse(reader, &raw.name, used_refs, used_args, language)
    });
    let mut apps: HashMap<String, Application> = HashMap::new();
    for ((raw, _, _), app) in jobs.iter().zip(parsed) {
        apps.insert(raw.name.clone(), app?);
    }

    Ok(Programs {
        info,
        installation,
        devices,
        hw,
        app_of,
        apps,
    })
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

/// `f` of every item, on up to as many threads as the machine has cores (items are taken in
/// order as threads come free); the results in the items' order.
fn parallel_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<(usize, U)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for h in helpers {
            all.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, u)| u).collect()
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

struct Resolved {
    manufacturer_name: Text,
    product: Option<hardware::Product>,
    application: Option<Text>,
    com_objects: Vec<MergedComObject>,
}

struct MergedComObject {
    ref_id: String,
    name: Option<Text>,
    number: Option<i64>,
    text: Option<Text>,
    function_text: Option<Text>,
    description: Option<String>,
    channel: Option<String>,
    dpts: Vec<Dpt>,
    object_size: Option<Text>,
    flags: [Option<bool>; 6],
    links: Vec<String>,
    dpas: Option<Vec<String>>,
    module: Option<ModuleInfo>,
}

fn merge_com_object(
    co: ComObjectInstance,
    app: Option<&Application>,
    device: &DeviceInstance,
    app_id: Option<&str>,
) -> Result<MergedComObject> {
    let ref_id = co.app_ref_id;
    let mut m = MergedComObject {
        ref_id: co.ref_id,
        name: None,
        number: None,
        text: co.text.map(Text::from),
        function_text: co.function_text.map(Text::from),
        description: co.description,
        channel: co.channel,
        dpts: co.dpts,
        object_size: None,
        flags: [
            co.read,
            co.write,
            co.communication,
            co.transmit,
            co.update,
            co.read_on_init,
        ],
        links: co.links,
        dpas: None,
        module: None,
    };
    let (Some(app), Some(ref_id)) = (app, ref_id) else {
        return Ok(m);
    };
    let Some(r) = app.com_object_refs.get(&ref_id) else {
        return Ok(m);
    };
    // From the reference first, then from the object itself, filling only what is still open.
    if m.name.is_none() {
        m.name = r.name.clone();
    }
    if m.text.is_none() {
        let with_param = match (&r.text, &r.text_parameter_ref_id) {
            (Some(text), Some(tp)) if !text.is_empty() => {
                let param_ref = text_parameter_ref(&m.ref_id, "O", tp);
                let value = param_ref
                    .and_then(|p| device.parameters.get(&p).cloned())
                    .flatten();
                Some(fill_text_parameter(text, value.as_deref()))
            }
            _ => None,
        };
        m.text = with_param
            .filter(|t| !t.is_empty())
            .map(Text::from)
            .or_else(|| r.text.clone());
    }
    fill(&mut m.function_text, &r.function_text);
    fill(&mut m.object_size, &r.object_size);
    for (slot, v) in m.flags.iter_mut().zip(r.flags) {
        if slot.is_none() {
            *slot = v;
        }
    }
    if m.dpts.is_empty() {
        m.dpts = r.dpts.clone();
    }
    m.dpas = r.dpas.clone();
    if let Some(o) = app.com_objects.get(&r.ref_id) {
        fill(&mut m.name, &o.name);
        fill(&mut m.text, &o.text);
        fill(&mut m.function_text, &o.function_text);
        fill(&mut m.object_size, &o.object_size);
        for (slot, v) in m.flags.iter_mut().zip(o.flags) {
            if slot.is_none() {
                *slot = v;
            }
        }
        if m.dpts.is_empty() {
            m.dpts = o.dpts.clone();
        }
        m.number = Some(o.number);
        if let (Some(base_ref), true) = (&o.base_number, m.ref_id.starts_with("MD-")) {
            apply_module_base(&mut m, base_ref, device, app, app_id.unwrap_or_default())?;
        }
    }
    Ok(m)
}

fn fill(slot: &mut Option<Text>, from: &Option<Text>) {
    if slot.is_none() {
        *slot = from.clone();
    }
}

/// Com objects inside modules are numbered relative to the module; add the module's base.
fn apply_module_base(
    m: &mut MergedComObject,
    base_ref: &str,
    device: &DeviceInstance,
    app: &Application,
    app_id: &str,
) -> Result<()> {
    let bad = |msg: String| Error::invalid(&format!("{app_id}.xml"), msg);
    let module = device
        .module_instances
        .iter()
        .find(|mi| m.ref_id.starts_with(&format!("{}_", mi.identifier)))
        .ok_or_else(|| bad(format!("no module instance for com object {}", m.ref_id)))?;
    let root = m.number.unwrap_or(0);
    let base = base_number(m, module, base_ref, device, app, app_id, 0)?;
    m.number = Some(root + base);
    m.module = Some(ModuleInfo {
        definition: module_definition_id(module),
        root_number: root,
    });
    Ok(())
}

fn module_definition_id(module: &project::ModuleInstance) -> String {
    let def = module.ref_id.split('_').next().unwrap_or_default();
    match module.identifier.find("_SM-") {
        Some(i) => {
            let sm = &module.identifier[i..];
            let end = sm[1..].find('_').map(|e| e + 1).unwrap_or(sm.len());
            format!("{def}{}", &sm[..end])
        }
        None => def.to_string(),
    }
}

fn base_number(
    m: &MergedComObject,
    module: &project::ModuleInstance,
    base_ref: &str,
    device: &DeviceInstance,
    app: &Application,
    app_id: &str,
    depth: usize,
) -> Result<i64> {
    let bad = |msg: String| Error::invalid(&format!("{app_id}.xml"), msg);
    if depth > 16 {
        return Err(bad(
            "module base numbers refer to each other in a loop".into()
        ));
    }
    let arg = module
        .arguments
        .iter()
        .find(|a| a.ref_id == base_ref)
        .ok_or_else(|| bad(format!("base number argument {base_ref} not found")))?;
    if let Ok(n) = arg.value.trim().parse::<i64>() {
        return Ok(n);
    }
    let mut result = 0;
    if let Some(i) = module.identifier.find("_SM-") {
        let base_module_id = &module.identifier[..i];
        if let Some(base_value) = app
            .numeric_args
            .get(&arg.ref_id)
            .and_then(|n| n.base_value.clone())
        {
            let base_module = device
                .module_instances
                .iter()
                .find(|mi| mi.identifier == base_module_id)
                .ok_or_else(|| bad(format!("base module instance {base_module_id} not found")))?;
            result += base_number(m, base_module, &base_value, device, app, app_id, depth + 1)?;
        }
    }
    let allocator = app
        .allocators
        .get(&format!("{app_id}_{}", arg.value))
        .ok_or_else(|| bad(format!("allocator {} not found", arg.value)))?;
    let Some(size) = arg.allocates else {
        return Ok(result);
    };
    let index: i64 = m
        .ref_id
        .split("_MI-")
        .nth(1)
        .and_then(|s| s.split('_').next())
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(format!("no module instance index in {}", m.ref_id)))?;
    Ok(result + allocator.start + size * (index - 1))
}

fn resolve_channel(
    ch: &mut ChannelNode,
    app_ref: &str,
    app: &Application,
    params: &HashMap<String, Option<String>>,
) {
    let id = strip_module_instance(&ch.ref_id, "CH");
    let Some(ac) = app.channels.get(&format!("{app_ref}_{id}")) else {
        return;
    };
    if ch.name.is_empty() {
        ch.name = match (&ac.text, &ac.text_parameter_ref_id) {
            (Some(text), Some(tp)) if !text.is_empty() => {
                let value = text_parameter_ref(&ch.ref_id, "CH", tp)
                    .and_then(|p| params.get(&p).cloned())
                    .flatten();
                Some(fill_text_parameter(text, value.as_deref()))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| ac.name.clone())
            }
            _ => ac
                .text
                .as_deref()
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| ac.name.clone()),
        };
    }
    ch.functional_blocks = ac.semantics.clone();
}

fn resolve_channel_placeholders(ch: &mut ChannelNode, d: &DeviceInstance) -> Result<()> {
    if !(ch.ref_id.starts_with("MD-") && ch.name.contains("{{")) {
        return Ok(());
    }
    let module_id = ch.ref_id.split("_CH").next().unwrap_or_default();
    let module = d
        .module_instances
        .iter()
        .find(|m| m.identifier == module_id)
        .ok_or_else(|| {
            Error::invalid(
                "0.xml",
                format!(
                    "module instance {module_id} of channel {} not found",
                    ch.ref_id
                ),
            )
        })?;
    for arg in &module.arguments {
        ch.name = ch
            .name
            .replace(&format!("{{{{{}}}}}", arg.name), &arg.value);
    }
    Ok(())
}

fn medium_name(id: &str) -> &'static str {
    match id {
        "MT-0" => "Twisted Pair (TP)",
        "MT-1" => "Powerline (PL)",
        "MT-2" => "KNX RF (RF)",
        "MT-5" => "KNXnet/IP (IP)",
        _ => "Unknown",
    }
}

fn build(
    info: ProjectInfo,
    installation: project::Installation,
    devices: Vec<DeviceInstance>,
    resolved: Vec<Resolved>,
    master: &master::Master,
    language: Option<String>,
) -> KnxProject {
    let style = info.group_address_style;
    let project::Installation {
        group_addresses: mut group_addresses_xml,
        group_ranges: mut ranges,
        areas,
        spaces,
        functions: xml_functions,
    } = installation;
    group_addresses_xml.sort_by_key(|g| g.raw_address);
    // Every group address string is made once and shared by keys, links and ranges.
    let address_by_raw: HashMap<u32, Text> = group_addresses_xml
        .iter()
        .map(|g| (g.raw_address, Text::from(style.format(g.raw_address))))
        .collect();
    // The group addresses are built first, so that what was read from 0.xml is gone before the
    // communication objects (the biggest part of the model) are built; their links to
    // communication objects and DPTs inferred from those are filled in at the end.
    let mut group_addresses: IndexMap<Text, GroupAddress> =
        IndexMap::with_capacity(group_addresses_xml.len());
    // Identifiers of group addresses whose address another one took (xknxproject keeps the
    // last); communication objects may still link to them.
    let mut replaced: Vec<(String, Text)> = Vec::new();
    for g in group_addresses_xml {
        let address = address_by_raw[&g.raw_address].clone();
        let previous = group_addresses.insert(
            address.clone(),
            GroupAddress {
                name: g.name,
                identifier: g.identifier,
                raw_address: g.raw_address,
                address: address.clone(),
                project_uid: g.project_uid,
                dpt: g.dpt,
                data_secure: g.data_secure,
                communication_object_ids: Vec::new(),
                description: g.description,
                comment: comment_text(&g.comment),
            },
        );
        if let Some(previous) = previous {
            replaced.push((previous.identifier, address));
        }
    }
    let id_to_address: HashMap<&str, Text> = group_addresses
        .values()
        .map(|g| (g.identifier.as_str(), g.address.clone()))
        .chain(replaced.iter().map(|(id, a)| (id.as_str(), a.clone())))
        .collect();

    // Devices sorted by area, line, address (stable).
    let mut order: Vec<usize> = (0..devices.len()).collect();
    order.sort_by_key(|&i| (devices[i].area, devices[i].line, devices[i].address));
    let addresses: Vec<Text> = devices
        .iter()
        .map(|d| Text::from(d.individual_address()))
        .collect();

    // Sized up front: grown by doubling, the biggest map of a large project was held twice
    // while moving and ended up to twice its size (measured with heaptrack).
    let co_count: usize = resolved.iter().map(|r| r.com_objects.len()).sum();
    let mut communication_objects: IndexMap<Text, CommunicationObject> =
        IndexMap::with_capacity(co_count);
    let mut out_devices: IndexMap<Text, Device> = IndexMap::with_capacity(devices.len());
    // GA address → com object keys, in com object order (avoids a GA × CO scan).
    let mut ga_links: HashMap<Text, Vec<Text>> = HashMap::new();
    let empty = Text::from("");
    let mut resolved: Vec<Option<Resolved>> = resolved.into_iter().map(Some).collect();
    for &i in &order {
        let d = &devices[i];
        let Some(r) = resolved[i].take() else {
            continue;
        };
        let ia = addresses[i].clone();
        let mut ids = Vec::new();
        for co in r.com_objects {
            // Sized up front: collected from a filter, a one-link vector would hold room for four.
            let mut links: Vec<Text> = Vec::with_capacity(co.links.len());
            links.extend(
                co.links
                    .iter()
                    .filter_map(|l| id_to_address.get(l.as_str()).cloned()),
            );
            if links.is_empty() {
                continue;
            }
            let key = Text::from(format!("{ia}/{}", co.ref_id));
            for l in &links {
                let v = ga_links.entry(l.clone()).or_default();
                if v.last() != Some(&key) {
                    v.push(key.clone());
                }
            }
            let [read, write, communication, transmit, update, read_on_init] =
                co.flags.map(|f| f.unwrap_or(false));
            let dpts = if co.dpts.is_empty() {
                dpt_from_size(co.object_size.as_deref())
            } else {
                co.dpts
            };
            let previous = communication_objects.insert(
                key.clone(),
                CommunicationObject {
                    name: co.name.unwrap_or_else(|| empty.clone()),
                    number: co.number.unwrap_or_default(),
                    text: co.text.unwrap_or_else(|| empty.clone()),
                    function_text: co.function_text.unwrap_or_else(|| empty.clone()),
                    description: co.description.unwrap_or_default(),
                    device_address: ia.clone(),
                    device_application: r.application.clone(),
                    module_def: co.module,
                    channel: co.channel,
                    dpts,
                    object_size: co.object_size.unwrap_or_else(|| empty.clone()),
                    group_address_links: links,
                    flags: Flags {
                        read,
                        write,
                        communication,
                        transmit,
                        update,
                        read_on_init,
                    },
                    dpas: co.dpas,
                },
            );
            if previous.is_none() {
                ids.push(key);
            }
        }
        let channels = d
            .channels
            .iter()
            .map(|c| {
                (
                    c.ref_id.clone(),
                    Channel {
                        identifier: c.ref_id.clone(),
                        name: c.name.clone(),
                        communication_object_ids: c
                            .group_object_instances
                            .iter()
                            .map(|g| format!("{ia}/{g}"))
                            .collect(),
                        functional_blocks: c.functional_blocks.clone(),
                    },
                )
            })
            .collect();
        let (product_name, order_number) = r
            .product
            .map(|p| (p.text, p.order_number))
            .unwrap_or_default();
        out_devices.insert(
            ia.clone(),
            Device {
                name: if d.name.is_empty() {
                    product_name.clone()
                } else {
                    Text::from(d.name.as_str())
                },
                hardware_name: product_name,
                order_number,
                description: d.description.clone(),
                manufacturer_name: r.manufacturer_name,
                individual_address: ia,
                application: r.application,
                project_uid: d.project_uid,
                communication_object_ids: ids,
                channels,
            },
        );
    }

    // Topology: areas and lines sorted, each line with its devices' addresses.
    let mut by_line: HashMap<(u32, u32), Vec<(u32, Text)>> = HashMap::new();
    for (i, d) in devices.iter().enumerate() {
        by_line
            .entry((d.area, d.line))
            .or_default()
            .push((d.address, addresses[i].clone()));
    }
    let mut areas = areas;
    areas.sort_by_key(|a| a.address);
    let mut topology = IndexMap::new();
    for mut area in areas {
        area.lines.sort_by_key(|l| l.address);
        let mut lines = IndexMap::new();
        for line in area.lines {
            let mut on_line = by_line
                .remove(&(area.address, line.address))
                .unwrap_or_default();
            on_line.sort_by_key(|(a, _)| *a);
            lines.insert(
                line.address.to_string(),
                Line {
                    name: line.name,
                    description: line.description,
                    devices: on_line.into_iter().map(|(_, ia)| ia).collect(),
                    medium_type: medium_name(&line.medium_type).to_string(),
                },
            );
        }
        topology.insert(
            area.address.to_string(),
            Area {
                name: area.name,
                description: area.description,
                lines,
            },
        );
    }

    sort_ranges(&mut ranges);
    let format = |raw: u32| {
        address_by_raw
            .get(&raw)
            .cloned()
            .unwrap_or_else(|| Text::from(style.format(raw)))
    };
    let group_ranges = convert_ranges(&ranges, style, &format);

    let device_ids: HashMap<&str, Text> = devices
        .iter()
        .enumerate()
        .map(|(i, d)| (d.identifier.as_str(), addresses[i].clone()))
        .collect();
    let locations = convert_spaces(&spaces, &device_ids, master);

    let mut functions = IndexMap::new();
    for f in &xml_functions {
        let mut gas = IndexMap::new();
        for r in &f.group_addresses {
            // xknxproject stops on a function pointing to a missing group address; we skip it.
            let Some(address) = id_to_address.get(r.ref_id.as_str()) else {
                continue;
            };
            gas.insert(
                address.clone(),
                GroupAddressRef {
                    address: address.clone(),
                    name: r.name.clone(),
                    project_uid: r.project_uid,
                    role: r.role.clone(),
                },
            );
        }
        functions.insert(
            f.identifier.clone(),
            Function {
                function_type: f.function_type.clone(),
                group_addresses: gas,
                identifier: f.identifier.clone(),
                name: f.name.clone(),
                project_uid: f.project_uid,
                space_id: f.space_id.clone(),
                usage_text: if f.function_type.is_empty() {
                    String::new()
                } else {
                    master.function_type_text(&f.function_type)
                },
            },
        );
    }

    drop(id_to_address);
    for g in group_addresses.values_mut() {
        let mut links = ga_links.remove(&g.address).unwrap_or_default();
        links.shrink_to_fit();
        if g.dpt.is_none() {
            g.dpt = dpt_from_com_objects(&links, &communication_objects);
        }
        g.communication_object_ids = links;
    }

    communication_objects.shrink_to_fit();
    out_devices.shrink_to_fit();
    KnxProject {
        info: ProjectInfo {
            xknxproject_version: VERSION.to_string(),
            language_code: language,
            ..info
        },
        communication_objects,
        topology,
        devices: out_devices,
        group_addresses,
        group_ranges,
        locations,
        functions,
    }
}

/// DPT guessed from the object size when the application names none (as xknxproject does).
fn dpt_from_size(size: Option<&str>) -> Vec<Dpt> {
    match size {
        Some("1 Bit") => vec![Dpt { main: 1, sub: None }],
        Some("2 Bit") => vec![Dpt { main: 2, sub: None }],
        Some("4 Bit") => vec![Dpt { main: 3, sub: None }],
        _ => Vec::new(),
    }
}

/// A group address without a DPT takes its linked objects' DPT when they agree (or their common
/// main type).
fn dpt_from_com_objects(keys: &[Text], cos: &IndexMap<Text, CommunicationObject>) -> Option<Dpt> {
    let mut all: Vec<Dpt> = keys
        .iter()
        .filter_map(|k| cos.get(k))
        .flat_map(|c| c.dpts.iter().copied())
        .collect();
    all.sort();
    all.dedup();
    match all.as_slice() {
        [] => None,
        [one] => Some(*one),
        many => {
            let main = many[0].main;
            many.iter()
                .all(|d| d.main == main)
                .then_some(Dpt { main, sub: None })
        }
    }
}

fn sort_ranges(ranges: &mut [XmlGroupRange]) {
    for r in ranges.iter_mut() {
        sort_ranges(&mut r.ranges);
    }
    ranges.sort_by_key(|r| r.start);
}

fn range_key(r: &XmlGroupRange, style: GroupAddressStyle) -> String {
    match style {
        GroupAddressStyle::Free => format!("{}...{}", r.start, r.end),
        GroupAddressStyle::TwoLevel => style
            .format(r.start)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string(),
        GroupAddressStyle::ThreeLevel => {
            let parts: Vec<String> = style
                .format(r.start)
                .split('/')
                .map(str::to_string)
                .collect();
            if r.end.saturating_sub(r.start) >= 2046 {
                parts[0].clone()
            } else {
                parts[..2].join("/")
            }
        }
    }
}

fn convert_ranges(
    ranges: &[XmlGroupRange],
    style: GroupAddressStyle,
    format: &dyn Fn(u32) -> Text,
) -> IndexMap<String, GroupRange> {
    ranges
        .iter()
        .map(|r| {
            (
                range_key(r, style),
                GroupRange {
                    name: r.name.clone(),
                    address_start: r.start,
                    address_end: r.end,
                    group_addresses: r.group_addresses.iter().map(|a| format(*a)).collect(),
                    comment: comment_text(&r.comment),
                    group_ranges: convert_ranges(&r.ranges, style, format),
                },
            )
        })
        .collect()
}

fn convert_spaces(
    spaces: &[XmlSpace],
    device_ids: &HashMap<&str, Text>,
    master: &master::Master,
) -> IndexMap<String, Space> {
    spaces
        .iter()
        .map(|s| {
            let mut devices: Vec<Text> = s
                .device_refs
                .iter()
                .filter_map(|r| device_ids.get(r.as_str()).cloned())
                .collect();
            // xknxproject sorts by the address parts as strings ("1.1.10" before "1.1.2").
            devices.sort_by(|a, b| a.split('.').cmp(b.split('.')));
            (
                s.name.clone(),
                Space {
                    space_type: s.space_type.clone(),
                    identifier: s.identifier.clone(),
                    name: s.name.clone(),
                    usage_id: s.usage_id.clone(),
                    usage_text: s
                        .usage_id
                        .as_deref()
                        .map(|u| master.space_usage_text(u))
                        .unwrap_or_default(),
                    number: s.number.clone(),
                    description: s.description.clone(),
                    project_uid: s.project_uid,
                    devices,
                    spaces: convert_spaces(&s.spaces, device_ids, master),
                    functions: s.functions.clone(),
                },
            )
        })
        .collect()
}
