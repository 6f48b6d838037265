//! What can go wrong reading a `.knxproj`, in words a technician understands.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the file is not a ZIP archive (a .knxproj is a ZIP file exported by ETS): {0}")]
    NotAZip(String),
    #[error("the archive is damaged or truncated: {0}")]
    Corrupt(String),
    #[error("the archive contains an unsafe entry name ({0:?}): refusing to read it")]
    UnsafeEntryName(String),
    #[error("the archive unpacks to more than allowed ({0}); it may be a ZIP bomb")]
    TooLarge(String),
    #[error("no ETS project found in the archive: {0}")]
    ProjectNotFound(String),
    #[error("the project is password-protected: enter the project password")]
    PasswordRequired,
    #[error("the project password is wrong")]
    WrongPassword,
    #[error("unsupported ETS schema: {0}")]
    UnsupportedSchema(String),
    #[error("malformed XML in {file}: {message}")]
    Xml { file: String, message: String },
    #[error("invalid data in {file}: {message}")]
    InvalidData { file: String, message: String },
    #[error("reading the file failed: {0}")]
    Io(#[from] std::io::Error),
    /// Writing what was read (the JSON of `knxdesk ets parse`) failed.
    #[error("writing the output failed: {0}")]
    Output(std::io::Error),
}

impl Error {
    pub fn invalid(file: &str, message: impl Into<String>) -> Self {
        Error::InvalidData {
            file: file.to_string(),
            message: message.into(),
        }
    }

    /// A short stable code for each kind (for storing a failure reason).
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotAZip(_) => "not_a_zip",
            Error::Corrupt(_) => "corrupt",
            Error::UnsafeEntryName(_) => "unsafe_entry",
            Error::TooLarge(_) => "too_large",
            Error::ProjectNotFound(_) => "project_not_found",
            Error::PasswordRequired => "password_required",
            Error::WrongPassword => "wrong_password",
            Error::UnsupportedSchema(_) => "unsupported_schema",
            Error::Xml { .. } => "malformed_xml",
            Error::InvalidData { .. } => "invalid_data",
            Error::Io(_) => "io",
            Error::Output(_) => "output",
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
