//! What needs the application programs and can fail, done in place on the devices read from
//! the project before anything is built: module arguments, numbers of communication objects
//! inside modules, channel names. What follows (building the model or writing it out) then
//! cannot fail on the project's data, so nothing is half written when a project is broken.

use std::collections::HashMap;

use crate::{
    application::Application,
    error::{Error, Result},
    model::{ModuleInfo, Text},
    project::{self, ChannelNode, ComObjectInstance, DeviceInstance},
    util::{fill_text_parameter, strip_module_instance, text_parameter_ref},
};

/// The application program of each device (by index) and the programs read.
pub(crate) struct Programs<'a> {
    pub app_of: &'a HashMap<usize, Text>,
    pub apps: &'a HashMap<String, Application>,
    pub is_ets4: bool,
}

/// The id of the `ComObjectRef` in application program `app` that a device's communication
/// object (`O-1_R-1`, or in a module `MD-1_O-2-1_R-1_MI-1...`) refers to. Made where it is
/// needed rather than kept on each object.
pub(crate) fn app_ref_id(app: &str, co_ref: &str, is_ets4: bool) -> String {
    if is_ets4 && co_ref.starts_with(app) {
        co_ref.to_string()
    } else {
        format!("{app}_{}", strip_module_instance(co_ref, "O"))
    }
}

/// Where application program `app` of `manufacturer` is in the archive
/// (`M-0083/M-0083_A-0013-11-A9D6.xml`); what was read of it is kept under the same name.
pub(crate) fn program_file(manufacturer: &str, app: &str) -> String {
    format!("{manufacturer}/{app}.xml")
}

impl Programs<'_> {
    /// Device `i`'s application program id and what was read of it.
    pub fn of(&self, i: usize, device: &DeviceInstance) -> (Option<&Text>, Option<&Application>) {
        let id = self.app_of.get(&i);
        let app = id.and_then(|a| self.apps.get(&program_file(&device.manufacturer, a)));
        (id, app)
    }
}

pub(crate) fn resolve_devices(devices: &mut [DeviceInstance], programs: &Programs) -> Result<()> {
    for (i, d) in devices.iter_mut().enumerate() {
        let (Some(app_id), Some(app)) = programs.of(i, d) else {
            continue;
        };
        for m in d.module_instances.iter_mut() {
            for arg in m.arguments.iter_mut() {
                if let Some(info) = app.arguments.get(&arg.ref_id) {
                    arg.name = info.name.clone();
                    arg.allocates = info.allocates;
                }
            }
        }
        let numbers = d
            .com_objects
            .iter()
            .map(|co| module_number(co, d, app, app_id, programs.is_ets4))
            .collect::<Result<Vec<_>>>()?;
        for (co, number) in d.com_objects.iter_mut().zip(numbers) {
            co.module = number;
        }
        let mut channels = std::mem::take(&mut d.channels);
        for ch in channels.iter_mut() {
            resolve_channel(ch, app_id, app, &d.parameters);
            resolve_channel_placeholders(ch, d)?;
        }
        d.channels = channels;
    }
    Ok(())
}

/// Com objects inside modules are numbered relative to the module: their number with the
/// module's base added, and the module they are in.
fn module_number(
    co: &ComObjectInstance,
    device: &DeviceInstance,
    app: &Application,
    app_id: &str,
    is_ets4: bool,
) -> Result<Option<Box<(i64, ModuleInfo)>>> {
    if !co.ref_id.starts_with("MD-") {
        return Ok(None);
    }
    let object = app
        .com_object_refs
        .get(&app_ref_id(app_id, &co.ref_id, is_ets4))
        .and_then(|r| app.com_objects.get(&r.ref_id));
    let Some((root, Some(base_ref))) = object.map(|o| (o.number, o.base_number.as_deref())) else {
        return Ok(None);
    };
    let bad = |msg: String| Error::invalid(&format!("{app_id}.xml"), msg);
    let module = device
        .module_instances
        .iter()
        .find(|mi| co.ref_id.starts_with(&format!("{}_", mi.identifier)))
        .ok_or_else(|| bad(format!("no module instance for com object {}", co.ref_id)))?;
    let base = base_number(&co.ref_id, module, base_ref, device, app, app_id, 0)?;
    let info = ModuleInfo {
        definition: module_definition_id(module),
        root_number: root,
    };
    Ok(Some(Box::new((root + base, info))))
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
    ref_id: &str,
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
            result += base_number(
                ref_id,
                base_module,
                &base_value,
                device,
                app,
                app_id,
                depth + 1,
            )?;
        }
    }
    let allocator = app
        .allocators
        .get(&format!("{app_id}_{}", arg.value))
        .ok_or_else(|| bad(format!("allocator {} not found", arg.value)))?;
    let Some(size) = arg.allocates else {
        return Ok(result);
    };
    let index: i64 = ref_id
        .split("_MI-")
        .nth(1)
        .and_then(|s| s.split('_').next())
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(format!("no module instance index in {ref_id}")))?;
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
