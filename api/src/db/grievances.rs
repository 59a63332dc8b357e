//! Grievances, their photos, and the published hours of personal reception. The only place that
//! reads or writes a filer's contact, and it writes none for an anonymous grievance.

use super::events::Appender;
use super::{
    corrupt, from_wire_name, int, optional_text, stored_id, stored_time, text, wire_name, Db,
};
use crate::http::ApiResult;
use serde::Deserialize;
use shared::accounts::PhoneNumber;
use shared::api::{Reception, ReceptionView};
use shared::events::Event;
use shared::grievances::{Channel, Counted, Deadlines, Filer, GrievanceCategory, GrievanceState};
use shared::photos::ImageKind;
use shared::receptions::{Hours, SpokenLanguage};
use shared::text::{Description, Name, Reason};
use shared::time::Timestamp;
use shared::{GrievanceId, MemberId, PhotoId, ProgrammeId};

/// A grievance as stored.
pub struct StoredGrievance {
    pub id: GrievanceId,
    pub programme: ProgrammeId,
    pub category: GrievanceCategory,
    pub channel: Channel,
    pub language: Option<SpokenLanguage>,
    pub village: Name,
    pub description: Description,
    pub filer: Filer,
    pub deadlines: Deadlines,
    pub state: GrievanceState,
    pub answer: Option<Reason>,
    pub appeal: Option<Reason>,
    pub appeal_answer: Option<Reason>,
}

const COLUMNS: &str = "id, programme_id, category, channel, language, village, description, \
    filer_name, filer_phone, acknowledge_days, answer_days, status, filed_at, acknowledged_at, \
    answer, answered_at, appeal, appealed_at, appeal_answer, appeal_answered_at";

#[derive(Deserialize)]
struct Row {
    id: String,
    programme_id: String,
    category: String,
    channel: String,
    language: Option<String>,
    village: String,
    description: String,
    filer_name: Option<String>,
    filer_phone: Option<String>,
    acknowledge_days: u16,
    answer_days: u16,
    status: String,
    filed_at: String,
    acknowledged_at: Option<String>,
    answer: Option<String>,
    answered_at: Option<String>,
    appeal: Option<String>,
    appealed_at: Option<String>,
    appeal_answer: Option<String>,
    appeal_answered_at: Option<String>,
}

fn stored_text<T, E>(parsed: Result<T, E>) -> ApiResult<T> {
    parsed.map_err(|_| corrupt("grievance text"))
}

fn time(value: Option<&String>) -> ApiResult<Option<Timestamp>> {
    value.map(|v| stored_time(v)).transpose()
}

fn reason(value: Option<&String>) -> ApiResult<Option<Reason>> {
    value.map(|v| stored_text(Reason::parse(v))).transpose()
}

impl Row {
    fn read(&self) -> ApiResult<StoredGrievance> {
        let filer = match (&self.filer_name, &self.filer_phone) {
            (Some(name), Some(phone)) => Filer::Named {
                name: stored_text(Name::parse(name))?,
                phone: stored_text(PhoneNumber::parse(phone))?,
            },
            _ => Filer::Anonymous,
        };
        Ok(StoredGrievance {
            id: stored_id(&self.id)?,
            programme: stored_id(&self.programme_id)?,
            category: from_wire_name(&self.category)?,
            channel: from_wire_name(&self.channel)?,
            language: self.language.as_deref().map(from_wire_name).transpose()?,
            village: stored_text(Name::parse(&self.village))?,
            description: stored_text(Description::parse(&self.description))?,
            filer,
            deadlines: Deadlines {
                acknowledge_days: self.acknowledge_days,
                answer_days: self.answer_days,
            },
            state: GrievanceState {
                status: from_wire_name(&self.status)?,
                filed_at: stored_time(&self.filed_at)?,
                acknowledged_at: time(self.acknowledged_at.as_ref())?,
                answered_at: time(self.answered_at.as_ref())?,
                appealed_at: time(self.appealed_at.as_ref())?,
                appeal_answered_at: time(self.appeal_answered_at.as_ref())?,
            },
            answer: reason(self.answer.as_ref())?,
            appeal: reason(self.appeal.as_ref())?,
            appeal_answer: reason(self.appeal_answer.as_ref())?,
        })
    }
}

/// A new grievance to store.
pub struct NewRecord<'a> {
    pub id: GrievanceId,
    pub code_hash: &'a str,
    pub grievance: &'a shared::api::NewGrievance,
    pub year: u16,
    pub deadlines: Deadlines,
    pub now: Timestamp,
}

/// Stores a grievance with its first event, in one batch.
pub async fn insert(db: &Db, record: &NewRecord<'_>, event: &Event) -> ApiResult<()> {
    let g = record.grievance;
    let (name, phone) = match &g.filer {
        Filer::Anonymous => (None, None),
        Filer::Named { name, phone } => (Some(name.as_str()), Some(phone.as_str())),
    };
    let insert = db.statement(
        "INSERT INTO grievances (id, code_hash, programme_id, year, category, channel, language, village, description, \
         filer_name, filer_phone, acknowledge_days, answer_days, status, filed_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'received', ?14)",
        &[
            text(record.id.to_string()),
            text(record.code_hash),
            text(g.programme.to_string()),
            int(i64::from(record.year)),
            text(wire_name(&g.category)),
            text(wire_name(&g.channel)),
            optional_text(g.language.map(|l| wire_name(&l))),
            text(g.village.as_str()),
            text(g.description.as_str()),
            optional_text(name),
            optional_text(phone),
            int(i64::from(record.deadlines.acknowledge_days)),
            int(i64::from(record.deadlines.answer_days)),
            text(record.now.to_string()),
        ],
    )?;
    let mut appender = Appender::default();
    let event = appender.statement(db, event).await?;
    db.batch_results(vec![insert, event]).await.map(|_| ())
}

pub async fn by_code(db: &Db, code_hash: &str) -> ApiResult<Option<StoredGrievance>> {
    let row: Option<Row> = db
        .first(
            &format!("SELECT {COLUMNS} FROM grievances WHERE code_hash = ?1"),
            &[text(code_hash)],
        )
        .await?;
    row.as_ref().map(Row::read).transpose()
}

pub async fn by_id(db: &Db, id: GrievanceId) -> ApiResult<Option<StoredGrievance>> {
    let row: Option<Row> = db
        .first(
            &format!("SELECT {COLUMNS} FROM grievances WHERE id = ?1"),
            &[text(id.to_string())],
        )
        .await?;
    row.as_ref().map(Row::read).transpose()
}

/// Whether the same text was filed for the programme since `since`.
pub async fn filed_since(
    db: &Db,
    programme: ProgrammeId,
    description: &Description,
    since: Timestamp,
) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Found {
        n: u32,
    }
    let found: Option<Found> = db
        .first(
            "SELECT COUNT(*) AS n FROM grievances WHERE programme_id = ?1 AND description = ?2 AND filed_at >= ?3",
            &[
                text(programme.to_string()),
                text(description.as_str()),
                text(since.to_string()),
            ],
        )
        .await?;
    Ok(found.is_some_and(|f| f.n > 0))
}

/// The programme's grievances that are not closed, oldest first (the route puts overdue first).
pub async fn open(db: &Db, programme: ProgrammeId) -> ApiResult<Vec<StoredGrievance>> {
    let rows: Vec<Row> = db
        .all(
            &format!(
                "SELECT {COLUMNS} FROM grievances WHERE programme_id = ?1 AND status != 'closed' ORDER BY filed_at, id LIMIT 1000"
            ),
            &[text(programme.to_string())],
        )
        .await?;
    rows.iter().map(Row::read).collect()
}

/// What the statistics count of a programme year's grievances: nothing that tells one apart.
pub async fn counted(db: &Db, programme: ProgrammeId, year: u16) -> ApiResult<Vec<Counted>> {
    let rows: Vec<Row> = db
        .all(
            &format!("SELECT {COLUMNS} FROM grievances WHERE programme_id = ?1 AND year = ?2"),
            &[text(programme.to_string()), int(i64::from(year))],
        )
        .await?;
    rows.iter()
        .map(|r| {
            let g = r.read()?;
            Ok(Counted {
                category: g.category,
                channel: g.channel,
                state: g.state,
                deadlines: g.deadlines,
            })
        })
        .collect()
}

/// The texts a step writes alongside the new state.
#[derive(Default)]
pub struct StepTexts<'a> {
    pub answer: Option<&'a Reason>,
    pub appeal: Option<&'a Reason>,
}

/// Stores a grievance's new state if it still has the status it was read with; false when
/// another step came first. The event is written only with the change.
pub async fn advance(
    db: &Db,
    grievance: &StoredGrievance,
    next: &GrievanceState,
    texts: &StepTexts<'_>,
    event: &Event,
) -> ApiResult<bool> {
    let optional_time = |t: Option<Timestamp>| optional_text(t.map(|t| t.to_string()));
    // An answer goes to the first answer, or after an appeal to the appeal's answer.
    let (answer, appeal_answer) = match (texts.answer, next.appealed_at) {
        (Some(a), None) => (Some(a), grievance.appeal_answer.as_ref()),
        (Some(a), Some(_)) => (grievance.answer.as_ref(), Some(a)),
        (None, _) => (grievance.answer.as_ref(), grievance.appeal_answer.as_ref()),
    };
    let appeal = texts.appeal.or(grievance.appeal.as_ref());
    let update = db.statement(
        "UPDATE grievances SET status = ?3, acknowledged_at = ?4, answered_at = ?5, appealed_at = ?6, \
         appeal_answered_at = ?7, answer = ?8, appeal = ?9, appeal_answer = ?10 WHERE id = ?1 AND status = ?2",
        &[
            text(grievance.id.to_string()),
            text(wire_name(&grievance.state.status)),
            text(wire_name(&next.status)),
            optional_time(next.acknowledged_at),
            optional_time(next.answered_at),
            optional_time(next.appealed_at),
            optional_time(next.appeal_answered_at),
            optional_text(answer.map(Reason::as_str)),
            optional_text(appeal.map(Reason::as_str)),
            optional_text(appeal_answer.map(Reason::as_str)),
        ],
    )?;
    super::events::with_guarded_update(db, update, event).await
}

use shared::grievances::MAX_PHOTOS;

/// The photos of a grievance, oldest first.
pub async fn photos(db: &Db, grievance: GrievanceId) -> ApiResult<Vec<PhotoId>> {
    #[derive(Deserialize)]
    struct IdRow {
        id: String,
    }
    let rows: Vec<IdRow> = db
        .all(
            "SELECT id FROM grievance_photos WHERE grievance_id = ?1 ORDER BY created_at, id",
            &[text(grievance.to_string())],
        )
        .await?;
    rows.iter().map(|r| stored_id(&r.id)).collect()
}

/// Records a photo of a grievance unless it already has [`MAX_PHOTOS`]; false when it has.
pub async fn add_photo(
    db: &Db,
    photo: PhotoId,
    grievance: GrievanceId,
    kind: ImageKind,
    bytes: usize,
    now: Timestamp,
) -> ApiResult<bool> {
    let changed = db
        .run(
            "INSERT INTO grievance_photos (id, grievance_id, media_type, bytes, created_at) \
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE (SELECT COUNT(*) FROM grievance_photos WHERE grievance_id = ?2) < ?6",
            &[
                text(photo.to_string()),
                text(grievance.to_string()),
                text(kind.media_type()),
                int(i64::try_from(bytes).unwrap_or(i64::MAX)),
                text(now.to_string()),
                int(i64::from(MAX_PHOTOS)),
            ],
        )
        .await?;
    Ok(changed > 0)
}

/// The photos of grievances filed before `cutoff`: past their retention, to be deleted.
pub async fn photos_filed_before(db: &Db, cutoff: Timestamp) -> ApiResult<Vec<PhotoId>> {
    #[derive(Deserialize)]
    struct IdRow {
        id: String,
    }
    let rows: Vec<IdRow> = db
        .all(
            "SELECT ph.id AS id FROM grievance_photos ph JOIN grievances g ON g.id = ph.grievance_id \
             WHERE g.filed_at < ?1 LIMIT 500",
            &[text(cutoff.to_string())],
        )
        .await?;
    rows.iter().map(|r| stored_id(&r.id)).collect()
}

/// Forgets a grievance photo whose image has been deleted.
pub async fn forget_photo(db: &Db, photo: PhotoId) -> ApiResult<()> {
    db.run(
        "DELETE FROM grievance_photos WHERE id = ?1",
        &[text(photo.to_string())],
    )
    .await
    .map(|_| ())
}

/// The grievance a photo belongs to, and the photo's kind.
pub async fn photo(db: &Db, photo: PhotoId) -> ApiResult<Option<(GrievanceId, ImageKind)>> {
    #[derive(Deserialize)]
    struct PhotoRow {
        grievance_id: String,
        media_type: String,
    }
    let row: Option<PhotoRow> = db
        .first(
            "SELECT grievance_id, media_type FROM grievance_photos WHERE id = ?1",
            &[text(photo.to_string())],
        )
        .await?;
    row.map(|r| {
        Ok((
            stored_id(&r.grievance_id)?,
            ImageKind::from_media_type(&r.media_type).ok_or_else(|| corrupt("media type"))?,
        ))
    })
    .transpose()
}

/// Publishes a reception with its event in the programme's history.
pub async fn publish_reception(
    db: &Db,
    programme: ProgrammeId,
    reception: &Reception,
    by: MemberId,
    event: &Event,
    now: Timestamp,
) -> ApiResult<()> {
    let insert = db.statement(
        "INSERT INTO receptions (programme_id, receiver, place, hours, languages, published_by, published_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            text(programme.to_string()),
            text(reception.receiver.as_str()),
            text(reception.place.as_str()),
            text(serde_json::to_string(&reception.hours).map_err(|_| corrupt("hours"))?),
            text(serde_json::to_string(&reception.languages).map_err(|_| corrupt("languages"))?),
            text(by.to_string()),
            text(now.to_string()),
        ],
    )?;
    let event = Appender::default().statement(db, event).await?;
    db.batch_results(vec![insert, event]).await.map(|_| ())
}

/// Withdraws one of the programme's receptions; false when there is no such published one.
pub async fn withdraw_reception(
    db: &Db,
    programme: ProgrammeId,
    id: i64,
    event: &Event,
    now: Timestamp,
) -> ApiResult<bool> {
    let update = db.statement(
        "UPDATE receptions SET withdrawn_at = ?3 WHERE id = ?1 AND programme_id = ?2 AND withdrawn_at IS NULL",
        &[int(id), text(programme.to_string()), text(now.to_string())],
    )?;
    super::events::with_guarded_update(db, update, event).await
}

/// The programme's published receptions, in the order they were published.
pub async fn receptions(db: &Db, programme: ProgrammeId) -> ApiResult<Vec<ReceptionView>> {
    #[derive(Deserialize)]
    struct ReceptionRow {
        id: i64,
        receiver: String,
        place: String,
        hours: String,
        languages: String,
    }
    let rows: Vec<ReceptionRow> = db
        .all(
            "SELECT id, receiver, place, hours, languages FROM receptions WHERE programme_id = ?1 AND withdrawn_at IS NULL ORDER BY id LIMIT 200",
            &[text(programme.to_string())],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ReceptionView {
                id: r.id,
                reception: Reception {
                    receiver: stored_text(Name::parse(&r.receiver))?,
                    place: stored_text(Name::parse(&r.place))?,
                    hours: serde_json::from_str::<Hours>(&r.hours)
                        .map_err(|_| corrupt("reception hours"))?,
                    languages: serde_json::from_str(&r.languages)
                        .map_err(|_| corrupt("reception languages"))?,
                },
            })
        })
        .collect()
}
