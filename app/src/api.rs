//! The typed client: the only module that knows the API's URLs. One function per endpoint,
//! each returning the shared wire type or a [`ClientError`].

use serde::de::DeserializeOwned;
use shared::api::{ApiError, ProgrammeList};

/// Why a request did not give an answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientError {
    /// The API answered with an error.
    Api(ApiError),
    /// No answer: offline, or the connection dropped.
    Network,
    /// An answer that is not what the API sends; a proxy's error page, say.
    Unreadable,
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ClientError> {
    let response = gloo_net::http::Request::get(url)
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|_| ClientError::Network)?;
    let body = response.text().await.map_err(|_| ClientError::Network)?;
    if response.ok() {
        serde_json::from_str(&body).map_err(|_| ClientError::Unreadable)
    } else {
        Err(serde_json::from_str::<ApiError>(&body)
            .map_or(ClientError::Unreadable, ClientError::Api))
    }
}

/// Every programme with its councils.
pub async fn programmes() -> Result<ProgrammeList, ClientError> {
    get("/api/programmes").await
}
