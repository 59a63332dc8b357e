//! What the open-data files hold: each dataset and each of its columns, in the reader's
//! language. The column names themselves never change (see `shared::open_data`).

use crate::i18n::{use_i18n, wire, Texts};
use leptos::prelude::*;
use shared::open_data::Dataset;

pub fn dataset_label(t: &Texts, dataset: Dataset) -> &'static str {
    match dataset {
        Dataset::Proposals => t.dataset_proposals(),
        Dataset::Decisions => t.dataset_decisions(),
        Dataset::Projects => t.dataset_projects(),
        Dataset::Spending => t.dataset_spending(),
        Dataset::Outputs => t.dataset_outputs(),
    }
}

/// What a column holds. Columns of the same name mean the same in every dataset.
fn column_meaning(t: &Texts, column: &str) -> &'static str {
    match column {
        "proposal_id" => t.column_proposal_id(),
        "project_id" => t.column_project_id(),
        "council" => t.column_council(),
        "village" => t.column_village(),
        "title" => t.column_title(),
        "category" => t.column_category(),
        "status" => t.column_status(),
        "estimated_cost_tenge" => t.column_estimated_cost(),
        "beneficiaries" => t.column_beneficiaries(),
        "created_at" => t.column_created_at(),
        "decision" => t.column_decision(),
        "amount_tenge" => t.column_amount(),
        "reason" => t.column_reason(),
        "decided_at" => t.column_decided_at(),
        "budget_tenge" => t.column_budget(),
        "spent_tenge" => t.column_spent(),
        "overspent" => t.column_overspent(),
        "milestones" => t.column_milestones(),
        "milestones_done" => t.column_milestones_done(),
        "milestones_overdue" => t.column_milestones_overdue(),
        "date" => t.column_date(),
        "purpose" => t.column_purpose(),
        "quantity" => t.column_quantity(),
        "unit" => t.column_unit(),
        "what" => t.column_what(),
        "history_head" => t.column_history_head(),
        _ => "",
    }
}

/// The codes a column may hold, for the columns that hold codes.
fn codes(column: &str) -> Vec<String> {
    use shared::proposals::{Category, ProposalStatus};
    match column {
        "category" => Category::ALL.iter().map(wire).collect(),
        "status" => ProposalStatus::ALL
            .into_iter()
            .filter(|s| s.is_public())
            .map(|s| wire(&s))
            .collect(),
        "unit" => shared::projects::Unit::ALL.iter().map(wire).collect(),
        "decision" => ["approve", "decline", "defer"].map(str::to_owned).to_vec(),
        _ => Vec::new(),
    }
}

#[component]
pub fn OpenDataPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page open-data">
            <h1>{move || i18n.t().open_data_title()}</h1>
            <p class="lead">{move || i18n.t().open_data_intro()}</p>
            <p>{move || i18n.t().open_data_formats()}</p>
            {Dataset::ALL.into_iter().map(|dataset| view! {
                <h2 id=dataset.name()>{move || dataset_label(i18n.t(), dataset)} " " <code>{dataset.name()}</code></h2>
                <dl class="columns">
                    {dataset.columns().iter().map(|&column| view! {
                        <dt><code>{column}</code></dt>
                        <dd>
                            {move || column_meaning(i18n.t(), column)}
                            {let codes = codes(column); (!codes.is_empty()).then(|| view! { " " <code>{codes.join(", ")}</code> })}
                        </dd>
                    }).collect_view()}
                </dl>
            }).collect_view()}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::texts;

    #[test]
    fn every_column_of_every_dataset_is_explained_in_every_language() {
        for locale in shared::Locale::ALL {
            let t = texts(locale);
            for dataset in Dataset::ALL {
                for column in dataset.columns() {
                    assert!(
                        !column_meaning(t, column).is_empty(),
                        "{column} of {} has no meaning in {locale:?}",
                        dataset.name()
                    );
                }
            }
        }
    }
}
