//! The typed client: the only module that knows the API's URLs. One function per endpoint,
//! each returning the shared wire type or a [`ClientError`].

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{
    AnswerRequest, BeneficiariesRequest, Dashboard, MilestoneDoneRequest, MilestoneRequest,
    OutputRequest, PlanDoneRequest, PlanRequest, PlannedView, ProjectView, ReportRequest,
    SpendingRequest, UnansweredReport, UpdateRequest,
};
use shared::api::{
    ApiError, AssessmentQueue, AssessmentRequest, AssignRequest, BallotCast, BallotRequest,
    CouncilRequest, CouncilSummary, DecisionRequest, DraftRequest, InvitationCreated,
    InvitationList, InvitationRequest, Me, OpenVotes, ProgrammeList, ProposalPage, ProposalView,
    RedeemRequest, SignInRequest, YearRequest, YearView,
};
use shared::api::{
    AppealRequest, GrievanceList, GrievanceReceipt, GrievanceRequest, GrievanceStatusView,
    HandledGrievance, ReceptionList, ReceptionRequest, StepRequest,
};
use shared::grievances::GrievanceStats;
use shared::open_data::{Dataset, Format};
use shared::{
    GrievanceId, InvitationId, MemberId, PhotoId, ProgrammeId, ProjectId, ProposalId, ReportId,
};

/// Why a request did not give an answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientError {
    /// The API answered with an error.
    Api(ApiError),
    /// No answer: offline, or the connection dropped.
    Network,
    /// An answer that is not what the API sends; a proxy's error page, say.
    Unreadable,
    /// No signal, so the write waits in the phone's outbox and goes when the signal returns.
    Queued,
}

impl ClientError {
    /// Whether trying again as it is may help: no answer, or an API error that says so.
    pub fn worth_retrying(&self) -> bool {
        match self {
            ClientError::Api(error) => error.worth_retrying(),
            ClientError::Network | ClientError::Unreadable => true,
            ClientError::Queued => false,
        }
    }
}

/// Writes that may wait in the phone's outbox when there is no signal: the service worker
/// (public/sw.js) keeps them and sends them in order later. Other writes fail at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Waits {
    Draft,
    Photo,
    Submission,
    Vote,
    Report,
    Grievance,
    Appeal,
}

impl Waits {
    fn header(self) -> &'static str {
        match self {
            Waits::Draft => "draft",
            Waits::Photo => "photo",
            Waits::Submission => "submission",
            Waits::Vote => "vote",
            Waits::Report => "report",
            Waits::Grievance => "grievance",
            Waits::Appeal => "appeal",
        }
    }
}

/// The service worker's answer to a write it keeps for later.
const QUEUED: u16 = 202;

/// What a request learnt about the phone's copy and outbox, for whoever shows it (the offline
/// bar, `crate::offline`, which listens from the start): the client knows nothing of the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Heard {
    /// A read was answered; `Some` with the time it was saved when from the phone's copy.
    Answered(Option<String>),
    /// A write was kept in the outbox for later.
    Queued,
}

thread_local! {
    static LISTENER: std::cell::Cell<Option<fn(Heard)>> = const { std::cell::Cell::new(None) };
}

/// Sets who hears what requests learn (one listener, for the page's life).
pub fn listen(listener: fn(Heard)) {
    LISTENER.with(|l| l.set(Some(listener)));
}

fn tell(heard: Heard) {
    if let Some(listener) = LISTENER.with(std::cell::Cell::get) {
        listener(heard);
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    if response.status() == QUEUED {
        tell(Heard::Queued);
        return Err(ClientError::Queued);
    }
    let body = response.text().await.map_err(|_| ClientError::Network)?;
    if response.ok() {
        serde_json::from_str(&body).map_err(|_| ClientError::Unreadable)
    } else {
        Err(serde_json::from_str::<ApiError>(&body)
            .map_or(ClientError::Unreadable, ClientError::Api))
    }
}

async fn fetch(request: Result<Request, gloo_net::Error>) -> Result<Response, ClientError> {
    request
        .map_err(|_| ClientError::Unreadable)?
        .send()
        .await
        .map_err(|_| ClientError::Network)
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ClientError> {
    let response = match crate::start::take_read(url) {
        Some(begun) => wasm_bindgen_futures::JsFuture::from(begun)
            .await
            .ok()
            .and_then(|answer| wasm_bindgen::JsCast::dyn_into::<web_sys::Response>(answer).ok())
            .map(Response::from)
            .ok_or(ClientError::Network)?,
        None => {
            fetch(Ok(Request::get(url)
                .header("accept", "application/json")
                .build()?))
            .await?
        }
    };
    tell(Heard::Answered(response.headers().get(SAVED_AT)));
    read(response).await
}

/// Set by the service worker on data it answers from the phone's copy: when it was saved.
const SAVED_AT: &str = "kenes-saved-at";

thread_local! {
    /// The member signed in, as the app last heard: named on every write, so that one kept in
    /// the outbox is refused rather than done in the name of someone who signed in since.
    static SIGNED_IN: std::cell::Cell<Option<MemberId>> = const { std::cell::Cell::new(None) };
}

/// Told by the session whenever who is signed in changes.
pub fn signed_in_as(member: Option<MemberId>) {
    SIGNED_IN.with(|signed_in| signed_in.set(member));
}

/// Every write carries a key made here, so that a write sent again (by the outbox, after a lost
/// answer) is done once; one that may wait says so to the service worker.
fn write(builder: RequestBuilder, waits: Option<Waits>) -> RequestBuilder {
    let key = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default();
    let builder = builder.header(shared::idempotency::HEADER, &key);
    let builder = match SIGNED_IN.with(std::cell::Cell::get) {
        Some(member) => builder.header(shared::api::WRITTEN_FOR_HEADER, &member.to_string()),
        None => builder,
    };
    match waits {
        Some(kind) => builder.header("kenes-outbox", kind.header()),
        None => builder,
    }
}

fn json_body<B: Serialize>(
    builder: RequestBuilder,
    body: &B,
    waits: Option<Waits>,
) -> Result<Request, gloo_net::Error> {
    let text =
        serde_json::to_string(body).map_err(|e| gloo_net::Error::GlooError(e.to_string()))?;
    write(builder, waits)
        .header("content-type", "application/json")
        .body(text)
}

/// A JSON write, which may wait in the outbox.
async fn send_json<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
    waits: Option<Waits>,
) -> Result<T, ClientError> {
    read(fetch(json_body(builder, body, waits)).await?).await
}

async fn post<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ClientError> {
    send_json(Request::post(url), body, None).await
}

async fn post_waiting<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
    waits: Waits,
) -> Result<T, ClientError> {
    send_json(Request::post(url), body, Some(waits)).await
}

async fn put<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ClientError> {
    send_json(Request::put(url), body, None).await
}

async fn put_waiting<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
    waits: Waits,
) -> Result<T, ClientError> {
    send_json(Request::put(url), body, Some(waits)).await
}

/// A request answered with no content (204) on success.
async fn delete(url: &str) -> Result<(), ClientError> {
    no_content(write(Request::delete(url), None).build()).await
}

/// A photo (already downscaled on the phone), which may wait in the outbox.
async fn put_photo(url: &str, jpeg: &web_sys::Blob) -> Result<(), ClientError> {
    no_content(
        write(Request::put(url), Some(Waits::Photo))
            .header("content-type", "image/jpeg")
            .body(jpeg),
    )
    .await
}

/// A write answered with no content (204) on success.
async fn no_content(request: Result<Request, gloo_net::Error>) -> Result<(), ClientError> {
    let response = fetch(request).await?;
    if response.ok() && response.status() != QUEUED {
        Ok(())
    } else {
        read::<()>(response).await
    }
}

/// One page of the public list; `query` is `?programme=…&after=…` or empty.
pub async fn proposals(query: &str) -> Result<ProposalPage, ClientError> {
    get(&format!("/api/proposals{query}")).await
}

pub async fn proposal(id: ProposalId) -> Result<ProposalView, ClientError> {
    get(&format!("/api/proposals/{id}")).await
}

/// Creates or updates the draft with the app-made `id`; repeating it changes nothing more.
pub async fn save_draft(id: ProposalId, draft: &DraftRequest) -> Result<ProposalView, ClientError> {
    put_waiting(&format!("/api/proposals/{id}"), draft, Waits::Draft).await
}

pub async fn submit(id: ProposalId) -> Result<ProposalView, ClientError> {
    post_waiting(
        &format!("/api/proposals/{id}/submit"),
        &(),
        Waits::Submission,
    )
    .await
}

pub async fn cast(id: ProposalId, ballot: &BallotRequest) -> Result<BallotCast, ClientError> {
    put_waiting(&format!("/api/proposals/{id}/ballot"), ballot, Waits::Vote).await
}

pub async fn open_votes() -> Result<OpenVotes, ClientError> {
    get("/api/votes").await
}

/// Uploads a photo (already downscaled) under its app-made id; a retry stores nothing twice.
pub async fn upload_photo(
    proposal: ProposalId,
    photo: PhotoId,
    jpeg: &web_sys::Blob,
) -> Result<(), ClientError> {
    put_photo(&format!("/api/proposals/{proposal}/photos/{photo}"), jpeg).await
}

pub async fn remove_photo(proposal: ProposalId, photo: PhotoId) -> Result<(), ClientError> {
    delete(&format!("/api/proposals/{proposal}/photos/{photo}")).await
}

pub async fn assessment_queue() -> Result<AssessmentQueue, ClientError> {
    get("/api/assessment").await
}

pub async fn assign(id: ProposalId, request: &AssignRequest) -> Result<ProposalView, ClientError> {
    post(&format!("/api/proposals/{id}/assessors"), request).await
}

pub async fn assess(
    id: ProposalId,
    request: &AssessmentRequest,
) -> Result<ProposalView, ClientError> {
    post(&format!("/api/proposals/{id}/assessment"), request).await
}

pub async fn decide(
    id: ProposalId,
    request: &DecisionRequest,
) -> Result<ProposalView, ClientError> {
    post(&format!("/api/proposals/{id}/decision"), request).await
}

pub async fn year(programme: ProgrammeId, year: u16) -> Result<YearView, ClientError> {
    get(&format!("/api/programmes/{programme}/years/{year}")).await
}

pub async fn set_year(year: u16, request: &YearRequest) -> Result<YearView, ClientError> {
    put(&format!("/api/years/{year}"), request).await
}

pub async fn close_year(year: u16) -> Result<YearView, ClientError> {
    post(&format!("/api/years/{year}/close"), &()).await
}

pub async fn project(id: ProjectId) -> Result<ProjectView, ClientError> {
    get(&format!("/api/projects/{id}")).await
}

pub async fn add_milestone(
    id: ProjectId,
    request: &MilestoneRequest,
) -> Result<ProjectView, ClientError> {
    post(&format!("/api/projects/{id}/milestones"), request).await
}

pub async fn milestone_done(
    id: ProjectId,
    milestone: i64,
    request: &MilestoneDoneRequest,
) -> Result<ProjectView, ClientError> {
    post(
        &format!("/api/projects/{id}/milestones/{milestone}/done"),
        request,
    )
    .await
}

pub async fn add_spending(
    id: ProjectId,
    request: &SpendingRequest,
) -> Result<ProjectView, ClientError> {
    post(&format!("/api/projects/{id}/spending"), request).await
}

pub async fn add_output(
    id: ProjectId,
    request: &OutputRequest,
) -> Result<ProjectView, ClientError> {
    post(&format!("/api/projects/{id}/outputs"), request).await
}

pub async fn set_beneficiaries(
    id: ProjectId,
    request: &BeneficiariesRequest,
) -> Result<ProjectView, ClientError> {
    put(&format!("/api/projects/{id}/beneficiaries"), request).await
}

pub async fn post_update(
    id: ProjectId,
    request: &UpdateRequest,
) -> Result<ProjectView, ClientError> {
    post(&format!("/api/projects/{id}/updates"), request).await
}

pub async fn post_report(
    id: ProjectId,
    request: &ReportRequest,
) -> Result<ProjectView, ClientError> {
    post_waiting(
        &format!("/api/projects/{id}/reports"),
        request,
        Waits::Report,
    )
    .await
}

pub async fn answer_report(
    id: ProjectId,
    report: ReportId,
    request: &AnswerRequest,
) -> Result<ProjectView, ClientError> {
    post(
        &format!("/api/projects/{id}/reports/{report}/answer"),
        request,
    )
    .await
}

pub async fn unanswered_reports() -> Result<Vec<UnansweredReport>, ClientError> {
    get("/api/reports/unanswered").await
}

/// Uploads a project photo (already downscaled); it stays the uploader's until posted.
pub async fn upload_project_photo(
    project: ProjectId,
    photo: PhotoId,
    jpeg: &web_sys::Blob,
) -> Result<(), ClientError> {
    put_photo(&format!("/api/projects/{project}/photos/{photo}"), jpeg).await
}

pub async fn remove_project_photo(project: ProjectId, photo: PhotoId) -> Result<(), ClientError> {
    delete(&format!("/api/projects/{project}/photos/{photo}")).await
}

pub async fn dashboard(programme: ProgrammeId, year: u16) -> Result<Dashboard, ClientError> {
    get(&format!(
        "/api/programmes/{programme}/years/{year}/dashboard"
    ))
    .await
}

/// Where a year's dataset is downloaded, for an `<a href download>`.
pub fn open_data_url(
    programme: ProgrammeId,
    year: u16,
    dataset: Dataset,
    format: Format,
) -> String {
    format!(
        "/api/programmes/{programme}/years/{year}/data/{}",
        dataset.file_name(format)
    )
}

pub async fn plan_activity(
    year: u16,
    request: &PlanRequest,
) -> Result<Vec<PlannedView>, ClientError> {
    post(&format!("/api/years/{year}/plan"), request).await
}

pub async fn mark_activity(
    year: u16,
    activity: i64,
    done: bool,
) -> Result<Vec<PlannedView>, ClientError> {
    put(
        &format!("/api/years/{year}/plan/{activity}"),
        &PlanDoneRequest { done },
    )
    .await
}

/// Files a grievance (the public form), or logs one from another channel (a manager). One with
/// photos does not wait in the outbox: its photos are sent by the code it gets.
pub async fn file_grievance(
    request: &GrievanceRequest,
    may_wait: bool,
) -> Result<GrievanceReceipt, ClientError> {
    if may_wait {
        post_waiting("/api/grievances", request, Waits::Grievance).await
    } else {
        post("/api/grievances", request).await
    }
}

/// A code as a path segment: what the user typed, with anything that is not a symbol escaped.
fn code_segment(code: &str) -> String {
    String::from(js_sys::encode_uri_component(code.trim()))
}

/// What the holder of a code sees. A tracking page is one person's: the phone keeps it to read
/// with no signal only when its reader asks for that (`KeepOnPhone::Keep`); `Forget` drops the
/// copy it kept.
pub async fn track(code: &str, keep: KeepOnPhone) -> Result<GrievanceStatusView, ClientError> {
    let url = format!("/api/track/{}", code_segment(code));
    let response = fetch(Ok(Request::get(&url)
        .header("accept", "application/json")
        .header(KEEP_HEADER, keep.header())
        .build()?))
    .await?;
    tell(Heard::Answered(response.headers().get(SAVED_AT)));
    read(response).await
}

/// Tells the service worker whether to keep an answer the API marks private.
const KEEP_HEADER: &str = "kenes-keep";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepOnPhone {
    /// Not kept (the default for anything private).
    No,
    Keep,
    Forget,
}

impl KeepOnPhone {
    fn header(self) -> &'static str {
        match self {
            KeepOnPhone::No => "no",
            KeepOnPhone::Keep => "on-phone",
            KeepOnPhone::Forget => "forget",
        }
    }
}

pub async fn appeal(
    code: &str,
    request: &AppealRequest,
) -> Result<GrievanceStatusView, ClientError> {
    post_waiting(
        &format!("/api/track/{}/appeal", code_segment(code)),
        request,
        Waits::Appeal,
    )
    .await
}

/// Sends a photo (already downscaled) with a grievance, by its code.
pub async fn upload_grievance_photo(
    code: &str,
    photo: PhotoId,
    jpeg: &web_sys::Blob,
) -> Result<(), ClientError> {
    put_photo(
        &format!("/api/track/{}/photos/{photo}", code_segment(code)),
        jpeg,
    )
    .await
}

pub async fn grievances() -> Result<GrievanceList, ClientError> {
    get("/api/grievances").await
}

pub async fn grievance(id: GrievanceId) -> Result<HandledGrievance, ClientError> {
    get(&format!("/api/grievances/{id}")).await
}

pub async fn grievance_step(
    id: GrievanceId,
    request: &StepRequest,
) -> Result<HandledGrievance, ClientError> {
    post(&format!("/api/grievances/{id}/steps"), request).await
}

pub async fn receptions(programme: ProgrammeId) -> Result<ReceptionList, ClientError> {
    get(&format!("/api/programmes/{programme}/receptions")).await
}

pub async fn publish_reception(request: &ReceptionRequest) -> Result<ReceptionList, ClientError> {
    post("/api/receptions", request).await
}

pub async fn withdraw_reception(id: i64) -> Result<(), ClientError> {
    delete(&format!("/api/receptions/{id}")).await
}

pub async fn grievance_stats(
    programme: ProgrammeId,
    year: u16,
) -> Result<GrievanceStats, ClientError> {
    get(&format!(
        "/api/programmes/{programme}/years/{year}/grievances"
    ))
    .await
}

/// Where a photo is served, for an `<img src>`.
pub fn photo_url(photo: PhotoId) -> String {
    format!("/api/photos/{photo}")
}

impl From<gloo_net::Error> for ClientError {
    fn from(_: gloo_net::Error) -> Self {
        ClientError::Unreadable
    }
}

/// Every programme with its councils.
pub async fn programmes() -> Result<ProgrammeList, ClientError> {
    get("/api/programmes").await
}

/// The councils of one programme.
pub async fn councils_of(programme: ProgrammeId) -> Result<Vec<CouncilSummary>, ClientError> {
    let list = programmes().await?;
    Ok(list
        .programmes
        .into_iter()
        .find(|p| p.id == programme)
        .map(|p| p.councils)
        .unwrap_or_default())
}

/// Who is signed in; `Unauthorized` when nobody is.
pub async fn me() -> Result<Me, ClientError> {
    get("/api/session").await
}

pub async fn sign_in(request: &SignInRequest) -> Result<Me, ClientError> {
    post("/api/session", request).await
}

pub async fn sign_out() -> Result<(), ClientError> {
    delete("/api/session").await
}

pub async fn redeem(request: &RedeemRequest) -> Result<Me, ClientError> {
    post("/api/invitations/redeem", request).await
}

pub async fn add_council(request: &CouncilRequest) -> Result<CouncilSummary, ClientError> {
    post("/api/councils", request).await
}

pub async fn invite(request: &InvitationRequest) -> Result<InvitationCreated, ClientError> {
    post("/api/invitations", request).await
}

pub async fn invitations() -> Result<InvitationList, ClientError> {
    get("/api/invitations").await
}

pub async fn revoke(id: InvitationId) -> Result<(), ClientError> {
    delete(&format!("/api/invitations/{id}")).await
}

/// The phone's outbox as the service worker keeps it (public/sw.js).
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
pub struct OutboxList {
    pub items: Vec<OutboxItem>,
}

#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct OutboxItem {
    pub seq: u64,
    pub kind: Waits,
    pub method: String,
    /// The API path the write goes to.
    pub path: String,
    pub state: OutboxState,
    pub queued_at: shared::Timestamp,
    pub sent_at: Option<shared::Timestamp>,
    /// The API's status, once it answered.
    pub status: Option<u16>,
    /// The API's answer, as sent.
    pub answer: Option<String>,
    /// What was written, for a JSON write.
    pub body: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    Waiting,
    Sending,
    Sent,
    Refused,
}

impl OutboxItem {
    /// Why the API refused it (or, waiting, why it last could not take it).
    pub fn refusal(&self) -> Option<ClientError> {
        let answer = self.answer.as_deref()?;
        self.status.filter(|s| *s >= 400)?;
        Some(
            serde_json::from_str::<ApiError>(answer)
                .map_or(ClientError::Unreadable, ClientError::Api),
        )
    }
}

/// How many writes in the outbox wait or were refused: all the app's every page needs to know
/// (the whole list is the outbox page's).
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Deserialize)]
pub struct OutboxCount {
    pub open: usize,
    /// Of those, the ones the API refused.
    #[serde(default)]
    pub refused: usize,
}

/// Asks the service worker about its outbox. Without one (the first visit, an old browser) the
/// API answers instead, that there is no such thing: an empty outbox.
async fn outbox_call<T: DeserializeOwned + Default>(
    request: Result<Request, gloo_net::Error>,
) -> Result<T, ClientError> {
    match read(fetch(request).await?).await {
        Err(ClientError::Api(ApiError::NotFound | ApiError::MethodNotAllowed)) => Ok(T::default()),
        other => other,
    }
}

pub async fn outbox() -> Result<OutboxList, ClientError> {
    outbox_call(Request::get("/api/outbox").build()).await
}

/// Sends what waits now, and answers with the outbox as it then stands.
pub async fn flush_outbox() -> Result<OutboxList, ClientError> {
    outbox_call(Request::post("/api/outbox/flush").build()).await
}

/// Sends what waits now, and counts what is left.
pub async fn flush_outbox_count() -> Result<OutboxCount, ClientError> {
    outbox_call(Request::post("/api/outbox/flush").build()).await
}

/// Sends a refused write again, as it was.
pub async fn resend(seq: u64) -> Result<OutboxList, ClientError> {
    outbox_call(Request::post(&format!("/api/outbox/{seq}/resend")).build()).await
}

/// Drops a write from the outbox without sending it (or a sent one from the list).
pub async fn discard(seq: u64) -> Result<OutboxList, ClientError> {
    outbox_call(Request::delete(&format!("/api/outbox/{seq}")).build()).await
}

/// Keeps on the phone the pages a council member uses with no signal.
pub async fn keep_offline() -> Result<OutboxCount, ClientError> {
    outbox_call(Request::post("/api/outbox/keep-offline").build()).await
}
