//! Guards the cleaner's accuracy on the article-extraction dev set (../shared, beside the clone).

#[test]
fn dev_set_f1_stays_above_goal() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/bench/article-extraction"
    );
    let report = match vigil_eval::extraction::run(std::path::Path::new(dir)) {
        Ok(r) => r,
        Err(e) => panic!("dev set unreadable: {e}"),
    };
    assert_eq!(report.pages, 181);
    assert_eq!(report.empty_pages, 0, "{report}");
    assert!(report.f1 >= 0.97, "{report}");
}
