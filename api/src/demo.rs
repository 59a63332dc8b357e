//! The demo data, taken from the seed documents: KPO's programme around Karachaganak, the Talas
//! mines, and the Torangy-2023 programme with its real quantities and amounts. Everything is
//! built with the shared crate's types and checks and stored through the same functions the
//! routes use; ids are fixed so that links to demo records stay valid across reloads.

use crate::auth;
use crate::db::projects::{self, ProjectRecord};
use crate::db::{accounts, funding, programmes, proposals, Db};
use crate::http::ApiResult;
use shared::accounts::PhoneNumber;
use shared::api::{ApiError, DemoAccount};
use shared::assessment::Rubric;
use shared::events::{Change, Subject};
use shared::funding::{Allocation, Decision, ProgrammeYear};
use shared::grievances::Deadlines;
use shared::money::Money;
use shared::programmes::{Council, Programme};
use shared::projects::{Milestone, Output, PlannedActivity, Project, Spending, Unit};
use shared::proposals::{Category, Proposal, ProposalContent, ProposalStatus};
use shared::receptions::{Hours, SpokenLanguage, TimeOfDay, Weekday};
use shared::roles::Role;
use shared::steps::demo_history as event;
use shared::text::{Description, Name, Note, Reason, Title};
use shared::time::{Date, Timestamp};
use shared::voting::VoteRules;
use shared::{CouncilId, MemberId, ProgrammeId, ProgrammeYearId, ProjectId, ProposalId};

/// A fixed, valid version 4 UUID for demo record `n`.
const fn demo_uuid(n: u128) -> u128 {
    0x6b65_6e65_0000_4000_8000_0000_0000_0000 | n
}

const KPO: ProgrammeId = ProgrammeId::from_u128(demo_uuid(0x100));
const TALAS: ProgrammeId = ProgrammeId::from_u128(demo_uuid(0x200));
const TORANGY: ProgrammeId = ProgrammeId::from_u128(demo_uuid(0x300));
const BALKHASH: CouncilId = CouncilId::from_u128(demo_uuid(0x301));
const ZHEZKAZGAN: CouncilId = CouncilId::from_u128(demo_uuid(0x302));
const TORANGY_2023: ProgrammeYearId = ProgrammeYearId::from_u128(demo_uuid(0x3_2023));

/// Demo text is ours and known to be valid; a failure here is a bug in this file.
fn invalid_demo(what: &str) -> ApiError {
    worker::console_error!("demo data: invalid {what}");
    ApiError::Internal
}

fn name(text: &str) -> ApiResult<Name> {
    Name::parse(text).map_err(|_| invalid_demo(text))
}

fn note(text: &str) -> ApiResult<Note> {
    Note::parse(text).map_err(|_| invalid_demo(text))
}

fn date(y: i32, m: u32, d: u32) -> ApiResult<Date> {
    Date::from_ymd(y, m, d).ok_or_else(|| invalid_demo("date"))
}

struct ProgrammeSeed {
    id: ProgrammeId,
    name: &'static str,
    operator: &'static str,
    region: &'static str,
    councils: &'static [(u128, &'static str)],
    /// The programme's first manager: demo member id and phone number.
    manager: (u128, &'static str),
}

/// The password of every demo account, printed by the run command.
pub const DEMO_PASSWORD: &str = "kenes-demo-2026";

/// The demo's sign-in details.
pub fn accounts() -> Vec<DemoAccount> {
    PROGRAMMES
        .iter()
        .map(|seed| DemoAccount {
            programme: seed.name.to_owned(),
            role: Role::Manager,
            phone: seed.manager.1.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
        })
        .collect()
}

const PROGRAMMES: [ProgrammeSeed; 3] = [
    ProgrammeSeed {
        id: KPO,
        name: "Karachaganak community programme",
        operator: "Karachaganak Petroleum Operating (KPO)",
        region: "Burlin district, West Kazakhstan region",
        councils: &[(0x101, "Aksai"), (0x102, "Berezovka"), (0x103, "Bestau")],
        manager: (0x1a0, "+77000000001"),
    },
    ProgrammeSeed {
        id: TALAS,
        name: "Talas mining communities",
        operator: "Licensees of the Jerui, Andash and Taldy-Bulak mines",
        region: "Talas district, Talas region, Kyrgyzstan",
        councils: &[(0x201, "Kara-Oi"), (0x202, "Kopuro-Bazar"), (0x203, "Aral")],
        manager: (0x2a0, "+996700000002"),
    },
    ProgrammeSeed {
        id: TORANGY,
        name: "Torangy-2023",
        operator: "Balkhash and Zhezkazgan copper smelters",
        region: "Ulytau and Karaganda regions",
        councils: &[(0x301, "Balkhash"), (0x302, "Zhezkazgan")],
        manager: (0x3a0, "+77000000003"),
    },
];

pub async fn load(db: &Db, now: Timestamp) -> ApiResult<()> {
    for seed in &PROGRAMMES {
        let programme = Programme {
            id: seed.id,
            name: name(seed.name)?,
            operator: name(seed.operator)?,
            region: name(seed.region)?,
        };
        let subject = Subject::Programme(programme.id);
        let mut events = vec![event(
            subject,
            now,
            Change::ProgrammeCreated {
                name: programme.name.clone(),
            },
        )];
        let mut councils = Vec::new();
        for &(n, council_name) in seed.councils {
            let council = Council {
                id: CouncilId::from_u128(demo_uuid(n)),
                programme: programme.id,
                name: name(council_name)?,
            };
            events.push(event(
                subject,
                now,
                Change::CouncilCreated {
                    council: council.id,
                    name: council.name.clone(),
                },
            ));
            councils.push(council);
        }
        programmes::create(db, &programme, &councils, &events, now).await?;
        store_manager(db, seed, now).await?;
    }
    load_receptions(db, now).await?;
    load_torangy_2023(db, now).await
}

struct ReceptionSeed {
    receiver: &'static str,
    place: &'static str,
    days: &'static [Weekday],
    from: &'static str,
    until: &'static str,
    languages: &'static [SpokenLanguage],
}

/// Personal reception at Karachaganak, as the PKOP document describes the practice: managers
/// receive on published days, in the languages people speak there.
const KPO_RECEPTIONS: [ReceptionSeed; 2] = [
    ReceptionSeed {
        receiver: "Community liaison officer",
        place: "KPO community office, Aksai, 14 Druzhby street",
        days: &[
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ],
        from: "09:00",
        until: "12:00",
        languages: &[SpokenLanguage::Kazakh, SpokenLanguage::Russian],
    },
    ReceptionSeed {
        receiver: "Deputy general director for social programmes",
        place: "KPO administration building, Aksai, room 210",
        days: &[Weekday::Wed],
        from: "14:00",
        until: "17:00",
        languages: &[
            SpokenLanguage::Kazakh,
            SpokenLanguage::Russian,
            SpokenLanguage::English,
        ],
    },
];

async fn load_receptions(db: &Db, now: Timestamp) -> ApiResult<()> {
    let manager = MemberId::from_u128(demo_uuid(0x1a0));
    let time = |text: &str| TimeOfDay::parse(text).ok_or_else(|| invalid_demo(text));
    for seed in &KPO_RECEPTIONS {
        let reception = shared::api::Reception {
            receiver: name(seed.receiver)?,
            place: name(seed.place)?,
            hours: Hours {
                days: seed.days.to_vec(),
                from: time(seed.from)?,
                until: time(seed.until)?,
            },
            languages: seed.languages.to_vec(),
        };
        let published = event(Subject::Programme(KPO), now, Change::ReceptionPublished);
        crate::db::grievances::publish_reception(db, KPO, &reception, manager, &published, now)
            .await?;
    }
    Ok(())
}

/// The programme's first manager, with the demo password hashed as any other.
async fn store_manager(db: &Db, seed: &ProgrammeSeed, now: Timestamp) -> ApiResult<()> {
    let (hash, salt, iterations) = auth::hash_password(DEMO_PASSWORD.as_bytes()).await?;
    let phone = PhoneNumber::parse(seed.manager.1).map_err(|_| invalid_demo("phone"))?;
    let name = name(&format!("Manager, {}", seed.name))?;
    let member = accounts::NewMember {
        id: MemberId::from_u128(demo_uuid(seed.manager.0)),
        programme: seed.id,
        council: None,
        role: Role::Manager,
        name: &name,
        phone: phone.as_str(),
        password_hash: &hash,
        password_salt: &salt,
        password_iterations: iterations,
    };
    db.batch(vec![accounts::insert_member(db, &member, now)?])
        .await
}

struct ProjectSeed {
    n: u128,
    council: CouncilId,
    title: &'static str,
    budget: i64,
    outputs: &'static [(u64, Unit, &'static str)],
}

/// The projects of the Torangy-2023 report, with the amounts it gives (it writes 24,370.628
/// tenge for 24,370,628 tenge).
const TORANGY_PROJECTS: [ProjectSeed; 4] = [
    ProjectSeed {
        n: 0x311,
        council: BALKHASH,
        title: "Stocking of Bertys Bay with carp",
        budget: 24_370_628,
        outputs: &[(448_463, Unit::Fish, "Carp released into Bertys Bay")],
    },
    ProjectSeed {
        n: 0x312,
        council: ZHEZKAZGAN,
        title: "Landscaping of the Zhezkazgan smelter's sanitary protection zone",
        budget: 37_300_000,
        outputs: &[(
            7_100,
            Unit::Trees,
            "Green plantings in the sanitary protection zone",
        )],
    },
    ProjectSeed {
        n: 0x313,
        council: BALKHASH,
        title: "Landscaping of Balkhash city",
        budget: 73_916_000,
        outputs: &[(5_750, Unit::Trees, "Green plantings in the city")],
    },
    ProjectSeed {
        n: 0x314,
        council: BALKHASH,
        title: "Clean Coast action in Balkhash and Zhezkazgan",
        budget: 2_826_000,
        outputs: &[
            (4, Unit::Km, "Coast cleaned in Balkhash"),
            (400, Unit::People, "Volunteers in Balkhash"),
            (43, Unit::Tons, "Waste removed in Balkhash"),
            (2, Unit::Km, "Coast cleaned in Zhezkazgan"),
            (300, Unit::People, "Volunteers in Zhezkazgan"),
            (37, Unit::Tons, "Waste removed in Zhezkazgan"),
        ],
    },
];

const TORANGY_PLAN: [(&str, i64); 2] = [
    (
        "Children's excursion to the Balkhash and Zhezkazgan copper smelters",
        400_000,
    ),
    (
        "Children's excursion to the Kaz Green Energy solar substations",
        433_000,
    ),
];

async fn load_torangy_2023(db: &Db, now: Timestamp) -> ApiResult<()> {
    let year = torangy_year()?;
    let year_event = event(
        Subject::Programme(TORANGY),
        now,
        Change::ProgrammeYearSet {
            year: year.year,
            budget: year.budget,
        },
    );
    programmes::create_year(db, &year, &year_event).await?;
    for seed in &TORANGY_PROJECTS {
        store_torangy_project(db, &year, seed, now).await?;
    }
    let plan = TORANGY_PLAN
        .iter()
        .map(|&(title, cost)| {
            PlannedActivity {
                title: note(title)?,
                year: 2023,
                half: 2,
                expected_cost: Money::tenge(cost),
                done: None,
            }
            .validate()
            .map_err(|_| invalid_demo("planned activity"))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    projects::plan_activities(db, TORANGY_2023, &plan, None).await
}

/// The 2023 plan: each council is allocated what its projects cost; the planned excursions are
/// budgeted but not yet allocated.
fn torangy_year() -> ApiResult<ProgrammeYear> {
    let allocation = |council: CouncilId| {
        Money::sum(
            TORANGY_PROJECTS
                .iter()
                .filter(|p| p.council == council)
                .map(|p| Money::tenge(p.budget)),
        )
    };
    let planned = Money::sum(TORANGY_PLAN.iter().map(|&(_, cost)| Money::tenge(cost)));
    let (Ok(balkhash), Ok(zhezkazgan), Ok(planned)) =
        (allocation(BALKHASH), allocation(ZHEZKAZGAN), planned)
    else {
        return Err(invalid_demo("amounts"));
    };
    let budget = Money::sum([balkhash, zhezkazgan, planned]).map_err(|_| invalid_demo("budget"))?;
    ProgrammeYear {
        id: TORANGY_2023,
        programme: TORANGY,
        year: 2023,
        budget,
        allocations: vec![
            Allocation {
                council: BALKHASH,
                amount: balkhash,
            },
            Allocation {
                council: ZHEZKAZGAN,
                amount: zhezkazgan,
            },
        ],
        rubric: Rubric::default(),
        assessors_required: ProgrammeYear::DEFAULT_ASSESSORS,
        vote_rules: VoteRules::default(),
        grievance_deadlines: Deadlines::default(),
        closed: false,
    }
    .validate()
    .map_err(|_| invalid_demo("programme year"))
}

/// The proposal a reported project was approved from, with the approval, as if it had gone
/// through Kenes: so the year's approved amounts, decisions and open data include it.
async fn store_torangy_approval(
    db: &Db,
    year: &ProgrammeYear,
    seed: &ProjectSeed,
) -> ApiResult<ProposalId> {
    let drafted = date(2023, 1, 20)?.start();
    let decided = date(2023, 3, 1)?.start();
    let proposal = Proposal {
        id: ProposalId::from_u128(demo_uuid(seed.n + 0x100)),
        programme: TORANGY,
        council: seed.council,
        author: MemberId::from_u128(demo_uuid(0x3a0)),
        content: ProposalContent {
            title: Title::parse(seed.title).map_err(|_| invalid_demo(seed.title))?,
            description: Description::parse(
                "Part of the Torangy-2023 environmental programme of the Balkhash and Zhezkazgan copper smelters, as given in its report for the first half of 2023.",
            )
            .map_err(|_| invalid_demo("description"))?,
            category: Category::Environment,
            village: name(if seed.council == BALKHASH { "Balkhash" } else { "Zhezkazgan" })?,
            estimated_cost: Money::tenge(seed.budget),
            beneficiaries: 0,
            location: None,
        },
        status: ProposalStatus::Approved,
        created_at: drafted,
        updated_at: decided,
    };
    let reason = Reason::parse("Included in the Torangy-2023 plan as reported")
        .map_err(|_| invalid_demo("reason"))?;
    let approval = event(
        Subject::Proposal(proposal.id),
        decided,
        Change::ProposalApproved {
            amount: proposal.content.estimated_cost,
            reason: reason.clone(),
        },
    );
    proposals::insert(db, &proposal, &approval).await?;
    let decision = Decision::Approve {
        amount: proposal.content.estimated_cost,
        reason,
    };
    let recorded = db
        .batch_results(vec![funding::decide(
            db,
            year,
            proposal.id,
            seed.council,
            &decision,
            decided,
        )?])
        .await?;
    if recorded.first() != Some(&1) {
        return Err(invalid_demo("approval within the allocation"));
    }
    Ok(proposal.id)
}

/// One reported project: done by the end of June 2023, its whole cost spent, its outputs counted.
async fn store_torangy_project(
    db: &Db,
    year: &ProgrammeYear,
    seed: &ProjectSeed,
    now: Timestamp,
) -> ApiResult<()> {
    let today = now.date();
    let reported = date(2023, 6, 30)?;
    let proposal = store_torangy_approval(db, year, seed).await?;
    let project = Project {
        id: ProjectId::from_u128(demo_uuid(seed.n)),
        programme: TORANGY,
        council: seed.council,
        proposal: Some(proposal),
        title: Title::parse(seed.title).map_err(|_| invalid_demo(seed.title))?,
        category: Category::Environment,
        year: 2023,
        budget: Money::tenge(seed.budget),
        beneficiaries: 0,
    };
    let milestones = [Milestone {
        title: note("Work completed")?,
        due: reported,
        done: Some(reported),
    }
    .validate(today)
    .map_err(|_| invalid_demo("milestone"))?];
    let spending = [Spending {
        date: reported,
        amount: project.budget,
        purpose: note("Total cost as reported")?,
    }
    .validate(today)
    .map_err(|_| invalid_demo("spending"))?];
    let outputs = seed
        .outputs
        .iter()
        .map(|&(quantity, unit, what)| {
            Output {
                quantity,
                unit,
                what: note(what)?,
            }
            .validate()
            .map_err(|_| invalid_demo("output"))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let subject = Subject::Project(project.id);
    let started = date(2023, 3, 1)?.start();
    let now = reported.start();
    let mut events = vec![
        event(
            subject,
            started,
            Change::ProjectStarted {
                budget: project.budget,
            },
        ),
        event(subject, now, Change::MilestoneAdded),
        event(subject, now, Change::MilestoneDone),
        event(
            subject,
            now,
            Change::SpendingRecorded {
                amount: project.budget,
            },
        ),
    ];
    events.extend(outputs.iter().map(|o| {
        event(
            subject,
            now,
            Change::OutputRecorded {
                quantity: o.quantity,
                unit: o.unit,
            },
        )
    }));
    let record = ProjectRecord {
        project: &project,
        milestones: &milestones,
        spending: &spending,
        outputs: &outputs,
    };
    projects::create(db, &record, &events, now).await
}
