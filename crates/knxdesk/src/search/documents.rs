//! What each kind of row is found by: the one place that decides which fields go into its
//! `search_text` (written with every change of the row, and by the reindex job).

use super::text::words;

pub fn customer(name: &str, company: &str, email: &str, phone: &str, address: &str) -> String {
    words(&[name, company, email, phone, address])
}

pub fn project(
    name: &str,
    building_name: &str,
    building_address: &str,
    description: &str,
) -> String {
    words(&[name, building_name, building_address, description])
}

/// A device by its individual address ("1.1.5" → "1 1 5"), name, maker and product.
pub fn device(
    address: &str,
    name: &str,
    manufacturer: &str,
    product: &str,
    order_number: &str,
) -> String {
    words(&[address, name, manufacturer, product, order_number])
}

/// A group address by its address ("1/2/3" → "1 2 3"), name and description.
pub fn group_address(address: &str, name: &str, description: &str) -> String {
    words(&[address, name, description])
}

/// A service case by its number ("#12" → "12"), title and device. Not its comments: internal
/// ones must never be found by a customer, and a case is known by its title.
pub fn case(number: i64, title: &str, device_label: &str) -> String {
    words(&[&number.to_string(), title, device_label])
}
