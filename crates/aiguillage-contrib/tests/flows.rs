//! Every write path on a real database: scopes, revisions, history, closures, exceptions,
//! suggestions and reverts.

use aiguillage_contrib::{
    accept, add_exception, close, confirm, create, delete_exception, history, moderation_queue, patch,
    reject, reopen, revert, suggest, ContribError, Contributor, ExceptionRequest,
};
use aiguillage_model::{Field, Place};
use aiguillage_store::{ChangeSource, NewUser, Store, WriteMode};
use aiguillage_testkit::PlaceBuilder;
use serde_json::{json, Map, Value};

fn place(id: &str, code_insee: &str) -> Place {
    PlaceBuilder::new(id)
        .nom("Médiathèque")
        .at(48.39, -4.48)
        .field(Field::CodeInsee, code_insee)
        .field(Field::DateMaj, "2024-01-15")
        .build()
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

async fn setup() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).await.unwrap();
    store
        .upsert(
            &[place("brest", "29019"), place("vannes", "56260")],
            "hub.csv",
            WriteMode::Commit,
        )
        .await
        .unwrap();
    (dir, store)
}

async fn contributor(
    store: &Store,
    email: &str,
    role: &str,
    territories: &[&str],
    places: &[&str],
) -> Contributor {
    let territories: Vec<String> = territories.iter().map(|s| s.to_string()).collect();
    let places: Vec<String> = places.iter().map(|s| s.to_string()).collect();
    let user = store
        .add_user(&NewUser {
            email,
            role,
            password_hash: "x",
            territories: &territories,
            places: &places,
            must_change_password: false,
        })
        .await
        .unwrap()
        .unwrap();
    Contributor::of(store, user).await.unwrap()
}

#[tokio::test]
async fn scopes_decide_who_writes_what() {
    let (_dir, store) = setup().await;
    let finistere = contributor(&store, "coord@29.fr", "coordinator", &["29"], &[]).await;
    let editor = contributor(&store, "mediatheque@brest.fr", "editor", &[], &["brest"]).await;
    let rename = object(json!({"nom": "Médiathèque des Capucins"}));

    let written = patch(
        &store,
        &finistere,
        "brest",
        1,
        &rename,
        (ChangeSource::Edit, None),
    )
    .await
    .unwrap();
    assert_eq!((written.revision, written.changed), (2, true));
    assert!(matches!(
        patch(
            &store,
            &finistere,
            "vannes",
            1,
            &rename,
            (ChangeSource::Edit, None)
        )
        .await,
        Err(ContribError::Forbidden(_))
    ));
    assert!(matches!(
        patch(&store, &editor, "vannes", 1, &rename, (ChangeSource::Edit, None)).await,
        Err(ContribError::Forbidden(_))
    ));
    // Moving a place out of one's territory is refused too.
    let moved = object(json!({"code_insee": "56260"}));
    assert!(matches!(
        patch(&store, &finistere, "brest", 2, &moved, (ChangeSource::Edit, None)).await,
        Err(ContribError::Forbidden(_))
    ));
    // An editor cannot revert nor moderate.
    assert!(matches!(
        revert(&store, &editor, "brest", 1).await,
        Err(ContribError::Forbidden(_))
    ));
    assert!(matches!(
        moderation_queue(&store, &editor).await,
        Err(ContribError::Forbidden(_))
    ));
}

#[tokio::test]
async fn a_stale_revision_is_refused_and_nothing_is_written() {
    let (_dir, store) = setup().await;
    let admin = contributor(&store, "admin@x.fr", "admin", &[], &[]).await;
    let first = object(json!({"telephone": "+33298000000"}));
    patch(&store, &admin, "brest", 1, &first, (ChangeSource::Edit, None))
        .await
        .unwrap();
    let second = object(json!({"telephone": "+33298111111"}));
    match patch(&store, &admin, "brest", 1, &second, (ChangeSource::Edit, None)).await {
        Err(ContribError::Stale {
            expected: 1,
            current: 2,
        }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(
        store
            .get("brest")
            .await
            .unwrap()
            .unwrap()
            .place
            .telephone
            .as_deref(),
        Some("+33298000000")
    );
    // The same values again change nothing.
    let same = patch(&store, &admin, "brest", 2, &first, (ChangeSource::Edit, None))
        .await
        .unwrap();
    assert_eq!((same.revision, same.changed), (2, false));
}

#[tokio::test]
async fn invalid_values_name_every_field() {
    let (_dir, store) = setup().await;
    let admin = contributor(&store, "admin@x.fr", "admin", &[], &[]).await;
    let bad = object(json!({"code_postal": "2920", "services": "Jardinage", "nom": null}));
    let Err(ContribError::Invalid(problems)) =
        patch(&store, &admin, "brest", 1, &bad, (ChangeSource::Edit, None)).await
    else {
        panic!("invalid expected");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    for field in ["code_postal", "services", "nom"] {
        assert!(fields.contains(&field), "{problems:?}");
    }
}

#[tokio::test]
async fn history_keeps_every_version_and_reverts() {
    let (_dir, store) = setup().await;
    let admin = contributor(&store, "admin@x.fr", "admin", &[], &[]).await;
    patch(
        &store,
        &admin,
        "brest",
        1,
        &object(json!({"nom": "Nouveau nom"})),
        (ChangeSource::Edit, None),
    )
    .await
    .unwrap();
    confirm(&store, &admin, "brest", 2).await.unwrap();
    let items = history(&store, "brest").await.unwrap();
    let sources: Vec<ChangeSource> = items.iter().map(|i| i.entry.source).collect();
    assert_eq!(
        sources,
        [ChangeSource::Import, ChangeSource::Edit, ChangeSource::Confirm]
    );
    assert_eq!(items[0].entry.author, "import:hub.csv");
    assert_eq!(items[1].entry.author, "admin@x.fr");
    assert_eq!(items[1].changes.len(), 1);
    assert_eq!(items[1].changes[0].field, "nom");
    assert_eq!(items[1].changes[0].before.as_deref(), Some("Médiathèque"));
    assert_eq!(items[2].changes[0].field, "date_maj");

    let reverted = revert(&store, &admin, "brest", items[0].entry.id).await.unwrap();
    assert_eq!(reverted.place.nom, "Médiathèque");
    assert_eq!(reverted.revision, 4);
    let items = history(&store, "brest").await.unwrap();
    assert_eq!(items.last().unwrap().entry.source, ChangeSource::Revert);
}

#[tokio::test]
async fn a_closed_place_leaves_every_list_but_keeps_its_page_and_history() {
    let (_dir, store) = setup().await;
    let admin = contributor(&store, "admin@x.fr", "admin", &[], &[]).await;
    assert!(matches!(
        close(&store, &admin, "brest", "2999-01-01", "", None).await,
        Err(ContribError::Invalid(_))
    ));
    close(&store, &admin, "brest", "2026-01-31", "fin du dispositif", None)
        .await
        .unwrap();
    let ids: Vec<String> = store
        .all()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.place.id)
        .collect();
    assert_eq!(ids, ["vannes"]);
    assert_eq!(store.all_including_closed().await.unwrap().len(), 2);
    let page = store.records_page(None, 10).await.unwrap().unwrap();
    assert!(!page.json.contains("\"brest\""));
    let closed = store.get("brest").await.unwrap().unwrap();
    assert_eq!(closed.closure.unwrap().reason, "fin du dispositif");
    // A re-import does not reopen it; reopening is an edit.
    store
        .upsert(&[place("brest", "29019")], "hub.csv", WriteMode::Commit)
        .await
        .unwrap();
    assert!(store.get("brest").await.unwrap().unwrap().closure.is_some());
    reopen(&store, &admin, "brest", None).await.unwrap();
    assert!(store.get("brest").await.unwrap().unwrap().closure.is_none());
    let sources: Vec<ChangeSource> = history(&store, "brest")
        .await
        .unwrap()
        .iter()
        .map(|i| i.entry.source)
        .collect();
    assert_eq!(
        sources,
        [ChangeSource::Import, ChangeSource::Close, ChangeSource::Edit]
    );
}

#[tokio::test]
async fn exceptions_are_checked_added_and_deleted() {
    let (_dir, store) = setup().await;
    let admin = contributor(&store, "admin@x.fr", "admin", &[], &[]).await;
    let both = ExceptionRequest {
        du: "2099-12-24".into(),
        au: "2099-12-26".into(),
        horaires: Some("09:00-12:00".into()),
        ferme: Some(true),
        motif: None,
    };
    assert!(matches!(
        add_exception(&store, &admin, "brest", &both).await,
        Err(ContribError::Invalid(_))
    ));
    let closed = ExceptionRequest {
        horaires: None,
        motif: Some("congés".into()),
        ..both
    };
    let added = add_exception(&store, &admin, "brest", &closed).await.unwrap();
    assert_eq!(added.horaires, None);
    assert_eq!(store.exceptions("brest", "2026-01-01").await.unwrap().len(), 1);
    assert!(matches!(
        delete_exception(&store, &admin, "vannes", added.id).await,
        Err(ContribError::NotFound(_))
    ));
    delete_exception(&store, &admin, "brest", added.id).await.unwrap();
    assert!(store.exceptions("brest", "2026-01-01").await.unwrap().is_empty());
}

#[tokio::test]
async fn suggestions_are_moderated_by_their_territory() {
    let (_dir, store) = setup().await;
    let finistere = contributor(&store, "coord@29.fr", "coordinator", &["29"], &[]).await;
    let morbihan = contributor(&store, "coord@56.fr", "coordinator", &["56"], &[]).await;
    let bad = object(json!({"code_postal": "ABCDE"}));
    assert!(matches!(
        suggest(&store, Some("brest"), &bad, "", None).await,
        Err(ContribError::Invalid(_))
    ));
    let fix = object(json!({"telephone": "+33298000000"}));
    let number = suggest(&store, Some("brest"), &fix, "Le numéro a changé", Some("a@b.fr"))
        .await
        .unwrap();
    assert!(moderation_queue(&store, &morbihan).await.unwrap().is_empty());
    assert_eq!(moderation_queue(&store, &finistere).await.unwrap().len(), 1);
    assert!(matches!(
        accept(&store, &morbihan, number, None).await,
        Err(ContribError::Forbidden(_))
    ));
    let written = accept(&store, &finistere, number, None).await.unwrap();
    assert_eq!(written.place.telephone.as_deref(), Some("+33298000000"));
    assert!(matches!(
        accept(&store, &finistere, number, None).await,
        Err(ContribError::NotFound(_))
    ));
    let last = history(&store, "brest").await.unwrap().pop().unwrap();
    assert_eq!(last.entry.source, ChangeSource::Suggestion);

    let new = object(json!({
        "nom": "Espace numérique", "commune": "Brest", "code_postal": "29200", "code_insee": "29019",
        "adresse": "2 rue de Siam", "latitude": 48.39, "longitude": -4.49
    }));
    let number = suggest(&store, None, &new, "", None).await.unwrap();
    let other = suggest(&store, Some("vannes"), &fix, "", None).await.unwrap();
    reject(&store, &morbihan, other, "déjà corrigé").await.unwrap();
    let created = accept(&store, &finistere, number, None).await.unwrap();
    assert_eq!(created.place.id, format!("suggestion-{number}"));
    assert!(store.get(&created.place.id).await.unwrap().is_some());
}

#[tokio::test]
async fn create_refuses_a_taken_id() {
    let (_dir, store) = setup().await;
    let admin = contributor(&store, "admin@x.fr", "admin", &[], &[]).await;
    let mut object = place("nouveau", "29019").to_json();
    object.remove("date_maj");
    let written = create(&store, &admin, &object, ChangeSource::Edit).await.unwrap();
    assert_eq!(written.revision, 1);
    assert!(matches!(
        create(&store, &admin, &object, ChangeSource::Edit).await,
        Err(ContribError::Conflict(_))
    ));
}
