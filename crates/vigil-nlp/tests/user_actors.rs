//! Users extend and override the actor gazetteer with their own file in the same format.

use vigil_nlp::{ActorKind, Config, Nlp, NlpError};

const USER: &str = "# a user's own actors\n\
lions-of-the-valley\tarmed_group\tKE\t-\t-\tLions of the Valley\tLions of the Valley; LOTV\n\
taliban\tgovernment\tAF\tgovernment\t-\tIslamic Emirate of Afghanistan\tTaliban; Islamic Emirate; IEA\n";

#[test]
fn a_user_file_adds_and_overrides_actors() -> Result<(), NlpError> {
    let dir = std::env::temp_dir().join(format!("vigil-nlp-user-actors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|source| NlpError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let path = dir.join("actors.tsv");
    std::fs::write(&path, USER).map_err(|source| NlpError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let nlp = Nlp::with_actor_file(&path)?;
    let _ = std::fs::remove_dir_all(&dir);

    let lotv = nlp.actors().lookup("LOTV").map(|a| (a.id.as_str(), a.kind));
    assert_eq!(lotv, Some(("lions-of-the-valley", ActorKind::ArmedGroup)));
    let ids: Vec<String> = nlp
        .entities("LOTV fighters attacked a farm near Nanyuki.")
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert!(
        ids.contains(&"actor:lions-of-the-valley".to_string()),
        "{ids:?}"
    );
    // The user's row replaces the built-in one with the same id.
    let taliban = nlp
        .actors()
        .get("taliban")
        .map(|a| (a.kind, a.name.as_str()));
    assert_eq!(
        taliban,
        Some((ActorKind::Government, "Islamic Emirate of Afghanistan"))
    );
    assert_eq!(
        nlp.actors().lookup("IEA").map(|a| a.id.as_str()),
        Some("taliban")
    );
    Ok(())
}

#[test]
fn a_malformed_user_file_is_an_error_with_its_line() {
    let bad = "ok\tarmed_group\tKE\t-\t-\tOk Group\tOk Group\nbroken line without tabs\n";
    let err = Nlp::from_tables(&[("mine.tsv".to_string(), bad.to_string())]);
    match err {
        Err(NlpError::Data { file, line, .. }) => {
            assert_eq!((file.as_str(), line), ("mine.tsv", 2))
        }
        other => panic!("expected a data error, got {:?}", other.map(|_| ())),
    }
    let missing = Nlp::load(&Config {
        actor_files: vec!["/nonexistent/vigil/actors.tsv".into()],
    });
    assert!(matches!(missing, Err(NlpError::Io { .. })));
}

#[test]
fn built_in_tables_load() {
    let nlp = Nlp::from_tables(&[]);
    assert!(nlp.is_ok());
    let n = nlp.map(|n| n.actors().actors().len()).unwrap_or(0);
    assert!(n >= 200, "{n} actors");
}

#[test]
fn an_override_drops_the_old_aliases() -> Result<(), NlpError> {
    let row = "taliban\tgovernment\tAF\tgovernment\t-\tIslamic Emirate of Afghanistan\tIEA\n";
    let nlp = Nlp::from_tables(&[("mine.tsv".to_string(), row.to_string())])?;
    assert!(nlp.actors().lookup("Taleban").is_none());
    assert_eq!(
        nlp.actors().lookup("IEA").map(|a| a.id.as_str()),
        Some("taliban")
    );
    Ok(())
}

#[test]
fn nlp_is_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Nlp>();
}
