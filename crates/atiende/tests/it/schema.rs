//! Both migration sets describe the same schema.

use crate::harness::{Backend, TestApp};

#[tokio::test]
async fn sqlite_and_postgres_hold_the_same_tables_and_columns() {
    let Some(sqlite) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(pg) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let a = sqlite.service.db.schema().await.expect("sqlite schema");
    let b = pg.service.db.schema().await.expect("postgres schema");
    assert!(
        a.iter().any(|(t, _)| t == "ticket"),
        "ticket table present: {a:?}"
    );
    assert_eq!(a, b);
    assert_eq!(
        sqlite.service.db.migration_versions().await.unwrap(),
        pg.service.db.migration_versions().await.unwrap()
    );
}

#[test]
fn migration_directories_hold_the_same_file_names() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../store/migrations");
    let names = |d: &str| {
        let mut v: Vec<String> = std::fs::read_dir(root.join(d))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
}
