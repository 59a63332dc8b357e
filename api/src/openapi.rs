//! The OpenAPI 3.1 document: the route table's operations (`routes::Operations`) and the shared
//! wire types, with the refusals every operation can meet added here once.

use crate::routes;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kenes API",
        description = "The public record of community projects: proposals, council votes, assessment, funding decisions, projects and grievances. Errors are `ApiError` objects tagged by `error`."
    ),
    components(schemas(shared::api::ApiError, shared::api::Problem)),
    tags(
        (name = "system", description = "Health, this document and demo data"),
        (name = "programmes", description = "Programmes and their councils"),
        (name = "accounts", description = "Invitations, signing in and out"),
        (name = "proposals", description = "Drafts, the public list, council votes"),
        (name = "photos", description = "Photos of proposals, served as their proposal is visible"),
        (name = "funding", description = "The programme year: budget, allocations, rubric"),
        (name = "assessment", description = "Assessors, scores and funding decisions"),
        (name = "projects", description = "Projects, monitoring, the year's dashboard and open data"),
    )
)]
struct KenesApi;

pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = KenesApi::openapi();
    doc.merge(routes::Operations::openapi());
    for route in routes::Route::ALL {
        let template = route.template();
        let Some(item) = doc.paths.paths.get_mut(template) else {
            continue;
        };
        let operation = match route.method() {
            "POST" => &mut item.post,
            "PUT" => &mut item.put,
            "DELETE" => &mut item.delete,
            "PATCH" => &mut item.patch,
            _ => &mut item.get,
        };
        if let Some(operation) = operation {
            let needs_session = route.access() == routes::Access::Member;
            add_common_refusals(
                operation,
                route.method(),
                template.contains('{'),
                needs_session,
            );
        }
    }
    doc
}

/// The refusals any request may meet whatever its route, written once here rather than on every
/// operation: a write's body that is not the JSON it expects (400), too large (413) or of another
/// type (415), a write from another origin (403), a malformed or reused Idempotency-Key (422), a
/// repeat still being done or made for another member (409); a route that needs a session without
/// one (401); an id in the path that names nothing (404); the database out of reach (503).
fn add_common_refusals(
    operation: &mut utoipa::openapi::path::Operation,
    method: &str,
    takes_ids: bool,
    needs_session: bool,
) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let write = method != "GET";
    let refusals: [(&str, bool, &str); 9] = [
        (
            "400",
            write,
            "The body is not the JSON this operation takes",
        ),
        ("401", needs_session, "Not signed in"),
        ("403", write, "Not sent from this origin, or not permitted"),
        (
            "404",
            takes_ids,
            "Nothing has this id, or nothing the reader may see",
        ),
        (
            "409",
            write,
            "A repeat of a write still being done, or made for another member",
        ),
        ("413", write, "The body is larger than this operation takes"),
        (
            "415",
            write,
            "The body is not of a type this operation takes",
        ),
        ("422", write, "A field or the Idempotency-Key is invalid"),
        (
            "503",
            true,
            "The database or storage could not be reached; try again shortly",
        ),
    ];
    for (status, applies, description) in refusals {
        if applies && !operation.responses.responses.contains_key(status) {
            let body = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ApiError")))
                .build();
            let response = ResponseBuilder::new()
                .description(description)
                .content("application/json", body)
                .build();
            operation
                .responses
                .responses
                .insert(status.to_owned(), response.into());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_schema_the_document_refers_to_is_in_it() {
        let json = serde_json::to_value(super::document()).unwrap();
        let schemas = &json["components"]["schemas"];
        let text = json.to_string();
        let mut missing = Vec::new();
        for part in text.split("\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            if schemas.get(name).is_none() {
                missing.push(name.to_owned());
            }
        }
        assert!(missing.is_empty(), "undefined schemas: {missing:?}");
        assert!(schemas.get("Refusal").is_some());
    }
}
