//! What a handler is given: the request and what every route would otherwise look up first, made
//! once per request by the dispatcher (the database, the clock, who is asking, the path's
//! parameters by name, the body as checked).

use crate::db::Db;
use crate::http::{ApiResult, Body};
use shared::api::ApiError;
use shared::roles::Actor;
use shared::time::Timestamp;
use std::cell::RefCell;
use worker::{Env, Request};

/// Who may call a route, declared with it in the route table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone; who is signed in is not even read (the route answers everyone alike, or reads the
    /// session itself, as signing in and out do).
    Public,
    /// Anyone; what the answer holds depends on who is signed in, if anyone.
    Reader,
    /// A signed-in member only: anyone else gets 401 before the route runs.
    Member,
}

pub struct Cx<'a> {
    pub req: &'a Request,
    pub env: &'a Env,
    pub db: Db,
    /// The platform's clock, read once, so a request sees one time throughout.
    pub now: Timestamp,
    /// Who is signed in: read for `Reader` and `Member` routes (and any keyed write or upload).
    pub actor: Option<Actor>,
    pub body: Body,
    params: Vec<(&'static str, String)>,
    photo: RefCell<Vec<u8>>,
}

impl<'a> Cx<'a> {
    pub fn new(
        req: &'a Request,
        env: &'a Env,
        db: Db,
        now: Timestamp,
        actor: Option<Actor>,
        params: Vec<(&'static str, String)>,
    ) -> Self {
        Cx {
            req,
            env,
            db,
            now,
            actor,
            body: Body::empty(),
            params,
            photo: RefCell::new(Vec::new()),
        }
    }

    pub fn with_body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    pub fn with_photo(self, photo: Vec<u8>) -> Self {
        self.photo.replace(photo);
        self
    }

    /// The value of the path's `{name}`; empty for a name the route's path does not have, which
    /// then names nothing.
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The signed-in member, or `Unauthorized`.
    pub fn member(&self) -> ApiResult<Actor> {
        self.actor.ok_or(ApiError::Unauthorized)
    }

    /// The uploaded photo's bytes, handed over once (they can be ten megabytes).
    pub fn take_photo(&self) -> Vec<u8> {
        self.photo.take()
    }
}
