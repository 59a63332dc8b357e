//! The only place with SQL. Every statement is parameterised; writes that belong together go
//! to D1 in one batch, which is one transaction.

pub mod accounts;
pub mod events;
pub mod funding;
pub mod grievances;
pub mod idempotency;
pub mod photos;
pub mod programmes;
pub mod projects;
pub mod proposals;

use crate::http::ApiResult;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use shared::api::{ApiError, Refusal};
use wasm_bindgen::JsValue;
use worker::{console_error, D1Database, D1PreparedStatement, Env};

/// The database, counting the round trips a request makes to it (a read, a write, or a batch of
/// writes as one): D1 limits them per request, and the tests check that a page's do not grow with
/// its items.
pub struct Db(D1Database, std::cell::Cell<u32>);

/// The database failed us: log the cause for operators, tell the client to retry.
pub fn unavailable(e: &worker::Error) -> ApiError {
    console_error!("database: {e}");
    ApiError::Unavailable
}

/// A write failed: a constraint means the request collided with another (a duplicate phone
/// number, a second ballot), anything else means the database failed us.
pub fn write_failed(e: &worker::Error) -> ApiError {
    if e.to_string().contains("constraint failed") {
        ApiError::from(Refusal::Constraint)
    } else {
        unavailable(e)
    }
}

/// A stored value did not read back as the model expects: a bug or a bad migration.
pub fn corrupt(what: &str) -> ApiError {
    console_error!("database: unreadable {what}");
    ApiError::Internal
}

/// A shared enum (category, status, role...) as stored: its snake_case wire name.
pub fn wire_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A stored wire name read back as its enum.
pub fn from_wire_name<T: DeserializeOwned>(name: &str) -> ApiResult<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(|_| corrupt(name))
}

/// A stored RFC 3339 time read back.
pub fn stored_time(value: &str) -> ApiResult<shared::Timestamp> {
    shared::Timestamp::parse(value).map_err(|_| corrupt("time"))
}

/// A stored id read back as its type.
pub fn stored_id<T: std::str::FromStr>(value: &str) -> ApiResult<T> {
    value.parse().map_err(|_| corrupt("id"))
}

pub fn text(value: impl AsRef<str>) -> JsValue {
    JsValue::from_str(value.as_ref())
}

pub fn int(value: i64) -> JsValue {
    // D1 binds numbers as doubles; every amount Kenes stores is below 2^53.
    #[allow(clippy::cast_precision_loss)]
    JsValue::from_f64(value as f64)
}

pub fn optional_text(value: Option<impl AsRef<str>>) -> JsValue {
    value.map_or(JsValue::NULL, text)
}

impl Db {
    pub fn from_env(env: &Env) -> ApiResult<Db> {
        env.d1("DB")
            .map(|d1| Db(d1, std::cell::Cell::new(0)))
            .map_err(|e| unavailable(&e))
    }

    /// The round trips made so far by this request.
    pub fn round_trips(&self) -> u32 {
        self.1.get()
    }

    fn count_round_trip(&self) {
        self.1.set(self.1.get().saturating_add(1));
    }

    pub fn statement(&self, sql: &str, values: &[JsValue]) -> ApiResult<D1PreparedStatement> {
        self.0
            .prepare(sql)
            .bind(values)
            .map_err(|e| unavailable(&e))
    }

    pub async fn all<T: DeserializeOwned>(
        &self,
        sql: &str,
        values: &[JsValue],
    ) -> ApiResult<Vec<T>> {
        self.count_round_trip();
        let result = self
            .statement(sql, values)?
            .all()
            .await
            .map_err(|e| unavailable(&e))?;
        result.results::<T>().map_err(|_| corrupt(sql))
    }

    pub async fn first<T: DeserializeOwned>(
        &self,
        sql: &str,
        values: &[JsValue],
    ) -> ApiResult<Option<T>> {
        self.count_round_trip();
        self.statement(sql, values)?
            .first::<T>(None)
            .await
            .map_err(|e| unavailable(&e))
    }

    /// Runs the statements as one transaction and reads the rows the last one returned.
    pub async fn batch_last_rows<T: DeserializeOwned>(
        &self,
        statements: Vec<D1PreparedStatement>,
    ) -> ApiResult<Vec<T>> {
        self.count_round_trip();
        let results = self
            .0
            .batch(statements)
            .await
            .map_err(|e| write_failed(&e))?;
        match results.last() {
            Some(last) => last.results::<T>().map_err(|_| corrupt("batch rows")),
            None => Ok(Vec::new()),
        }
    }

    /// Runs the statements as one transaction: all or nothing.
    pub async fn batch(&self, statements: Vec<D1PreparedStatement>) -> ApiResult<()> {
        self.batch_results(statements).await.map(|_| ())
    }

    /// Like [`Db::batch`], with the number of rows each statement changed, for writes guarded by
    /// a condition (an invitation not yet used, say).
    pub async fn batch_results(
        &self,
        statements: Vec<D1PreparedStatement>,
    ) -> ApiResult<Vec<usize>> {
        self.count_round_trip();
        if statements.is_empty() {
            return Ok(Vec::new());
        }
        let results = self
            .0
            .batch(statements)
            .await
            .map_err(|e| write_failed(&e))?;
        Ok(results
            .iter()
            .map(|r| r.meta().ok().flatten().and_then(|m| m.changes).unwrap_or(0))
            .collect())
    }

    /// Runs one statement, with the number of rows it changed.
    pub async fn run(&self, sql: &str, values: &[JsValue]) -> ApiResult<usize> {
        self.count_round_trip();
        let result = self
            .statement(sql, values)?
            .run()
            .await
            .map_err(|e| write_failed(&e))?;
        Ok(result
            .meta()
            .ok()
            .flatten()
            .and_then(|m| m.changes)
            .unwrap_or(0))
    }

    /// How many migrations the database says it has applied: a real round trip to D1.
    pub async fn migrations_applied(&self) -> ApiResult<u32> {
        #[derive(Deserialize)]
        struct Count {
            n: u32,
        }
        let count: Option<Count> = self
            .first("SELECT COUNT(*) AS n FROM d1_migrations", &[])
            .await?;
        Ok(count.map_or(0, |c| c.n))
    }
}
