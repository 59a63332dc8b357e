//! Open data: a programme year's proposals, decisions, projects, spending and outputs as CSV and
//! JSON files with stable columns. The column names here are the contract; the app's open-data
//! page explains each one. Amounts are whole tenge without separators, dates are `YYYY-MM-DD`,
//! times RFC 3339 UTC, and codes (category, status, unit) are the API's wire names.

use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dataset {
    Proposals,
    Decisions,
    Projects,
    Spending,
    Outputs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

impl Dataset {
    pub const ALL: [Dataset; 5] = [
        Dataset::Proposals,
        Dataset::Decisions,
        Dataset::Projects,
        Dataset::Spending,
        Dataset::Outputs,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dataset::Proposals => "proposals",
            Dataset::Decisions => "decisions",
            Dataset::Projects => "projects",
            Dataset::Spending => "spending",
            Dataset::Outputs => "outputs",
        }
    }

    /// The columns, in order. Never renamed or reordered; new ones go at the end.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Dataset::Proposals => &[
                "proposal_id",
                "council",
                "village",
                "title",
                "category",
                "status",
                "estimated_cost_tenge",
                "beneficiaries",
                "created_at",
                "history_head",
            ],
            Dataset::Decisions => &[
                "proposal_id",
                "council",
                "decision",
                "amount_tenge",
                "reason",
                "decided_at",
            ],
            Dataset::Projects => &[
                "project_id",
                "proposal_id",
                "council",
                "title",
                "category",
                "budget_tenge",
                "spent_tenge",
                "overspent",
                "milestones",
                "milestones_done",
                "milestones_overdue",
                "beneficiaries",
                "history_head",
            ],
            Dataset::Spending => &["project_id", "date", "amount_tenge", "purpose"],
            Dataset::Outputs => &["project_id", "quantity", "unit", "what"],
        }
    }

    /// The dataset and format of a file name such as `spending.csv`.
    pub fn from_file_name(file: &str) -> Option<(Dataset, Format)> {
        let (name, extension) = file.rsplit_once('.')?;
        let format = match extension {
            "csv" => Format::Csv,
            "json" => Format::Json,
            _ => return None,
        };
        let dataset = Dataset::ALL.into_iter().find(|d| d.name() == name)?;
        Some((dataset, format))
    }

    pub fn file_name(self, format: Format) -> String {
        format!("{}.{}", self.name(), format.extension())
    }
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Int(i64::from(n))
    }
}

impl From<bool> for Cell {
    fn from(b: bool) -> Self {
        Cell::Int(i64::from(b))
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Self {
        value.map_or(Cell::Empty, Into::into)
    }
}

/// A row whose cells are not named as the dataset's columns, in their order: a bug in the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WrongColumns;

/// A row as its caller fills it: each cell beside the name of its column.
pub type NamedRow = Vec<(&'static str, Cell)>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub dataset: Dataset,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(dataset: Dataset) -> Self {
        Table {
            dataset,
            rows: Vec::new(),
        }
    }

    /// Adds a row whose cells are named as the dataset's columns, in their order; the names
    /// are checked, so a value cannot land under another column's heading.
    pub fn push(&mut self, row: NamedRow) -> Result<(), WrongColumns> {
        let columns = self.dataset.columns();
        let named_right = row.len() == columns.len()
            && row
                .iter()
                .zip(columns)
                .all(|((name, _), column)| name == column);
        if !named_right {
            return Err(WrongColumns);
        }
        self.rows
            .push(row.into_iter().map(|(_, cell)| cell).collect());
        Ok(())
    }

    pub fn rows(&self) -> &[Vec<Cell>] {
        &self.rows
    }

    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Csv => self.to_csv(),
            Format::Json => self.to_json(),
        }
    }

    /// RFC 4180 CSV with CRLF line ends. A text that a spreadsheet would run as a formula
    /// (starting with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'`.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let header: Vec<String> = self.dataset.columns().iter().map(|c| quote(c)).collect();
        out.push_str(&header.join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    Cell::Text(s) => quote(&defuse(s)),
                    Cell::Int(n) => n.to_string(),
                    Cell::Empty => String::new(),
                })
                .collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// An array of objects, one per row, keyed by column name.
    pub fn to_json(&self) -> String {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|row| {
                let object: Map<String, Value> = self
                    .dataset
                    .columns()
                    .iter()
                    .zip(row)
                    .map(|(name, cell)| {
                        let value = match cell {
                            Cell::Text(s) => Value::String(s.clone()),
                            Cell::Int(n) => Value::from(*n),
                            Cell::Empty => Value::Null,
                        };
                        ((*name).to_owned(), value)
                    })
                    .collect();
                Value::Object(object)
            })
            .collect();
        Value::Array(rows).to_string()
    }
}

fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn quote(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal RFC 4180 reader, to check that what is written reads back.
    fn read_csv(text: &str) -> Vec<Vec<String>> {
        let mut rows = vec![];
        let mut row = vec![];
        let mut cell = String::new();
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                (true, '"') => quoted = false,
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut cell)),
                (false, '\r') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                (_, c) => cell.push(c),
            }
        }
        rows
    }

    fn spending(purpose: &str, amount: i64) -> NamedRow {
        vec![
            ("project_id", "6b656e65-0000-4000-8000-000000000311".into()),
            ("date", "2023-06-30".into()),
            ("amount_tenge", amount.into()),
            ("purpose", purpose.into()),
        ]
    }

    #[test]
    fn a_file_name_names_a_dataset_and_a_format() {
        assert_eq!(
            Dataset::from_file_name("spending.csv"),
            Some((Dataset::Spending, Format::Csv))
        );
        assert_eq!(
            Dataset::from_file_name("outputs.json"),
            Some((Dataset::Outputs, Format::Json))
        );
        assert_eq!(Dataset::from_file_name("spending.xlsx"), None);
        assert_eq!(Dataset::from_file_name("members.csv"), None);
        assert_eq!(Dataset::from_file_name("spending"), None);
        for d in Dataset::ALL {
            assert_eq!(
                Dataset::from_file_name(&d.file_name(Format::Csv)),
                Some((d, Format::Csv))
            );
        }
    }

    #[test]
    fn a_row_must_name_every_column_in_order() {
        let mut table = Table::new(Dataset::Spending);
        assert_eq!(
            table.push(vec![("project_id", "x".into())]),
            Err(WrongColumns)
        );
        let mut swapped = spending("Carp", 1);
        swapped.swap(2, 3);
        assert_eq!(table.push(swapped), Err(WrongColumns));
        assert!(table.rows().is_empty());
    }

    #[test]
    fn csv_reads_back_to_the_same_cells_with_commas_quotes_and_line_breaks() {
        let mut table = Table::new(Dataset::Spending);
        let purposes = [
            "Saplings, 7,100 of them",
            "The \"Green\" nursery",
            "Two\nlines",
            "Жаңа көшеттер",
        ];
        for (amount, p) in (1_000..).zip(purposes) {
            table.push(spending(p, amount)).unwrap();
        }
        let rows = read_csv(&table.to_csv());
        assert_eq!(rows[0], Dataset::Spending.columns());
        for (i, p) in purposes.iter().enumerate() {
            assert_eq!(rows[i + 1][3], *p);
            assert_eq!(rows[i + 1][2], (1_000 + i).to_string());
        }
    }

    #[test]
    fn a_text_that_a_spreadsheet_would_run_is_defused_in_csv_but_not_in_json() {
        let mut table = Table::new(Dataset::Spending);
        table.push(spending("=HYPERLINK(\"http://x\")", 5)).unwrap();
        let rows = read_csv(&table.to_csv());
        assert_eq!(rows[1][3], "'=HYPERLINK(\"http://x\")");
        let json: Value = serde_json::from_str(&table.to_json()).unwrap();
        assert_eq!(json[0]["purpose"], "=HYPERLINK(\"http://x\")");
    }

    #[test]
    fn json_has_one_object_per_row_with_numbers_as_numbers() {
        let mut table = Table::new(Dataset::Spending);
        table.push(spending("Carp", 24_370_628)).unwrap();
        let json: Value = serde_json::from_str(&table.to_json()).unwrap();
        assert_eq!(json[0]["amount_tenge"], 24_370_628);
        assert_eq!(json[0]["date"], "2023-06-30");
        assert_eq!(json.as_array().unwrap().len(), 1);
    }

    #[test]
    fn an_empty_cell_is_empty_in_csv_and_null_in_json() {
        let mut table = Table::new(Dataset::Spending);
        let mut row = spending("Carp", 1);
        row[3].1 = Cell::from(None::<String>);
        table.push(row).unwrap();
        assert!(table.to_csv().ends_with(",1,\r\n"));
        let json: Value = serde_json::from_str(&table.to_json()).unwrap();
        assert!(json[0]["purpose"].is_null());
    }
}
