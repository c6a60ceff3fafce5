//! `aiguillage user`: accounts and their API tokens.

use std::io::BufRead;
use std::process::ExitCode;

use aiguillage_accounts::{generate_password, hash_password, new_secret, secret_hash, Role};
use aiguillage_report::resolve;
use aiguillage_store::{NewUser, Store};
use aiguillage_territory::Admin;
use anyhow::anyhow;

use super::Refused;
use crate::cli::{TokenCommand, UserCommand};

pub async fn run(store: &Store, command: &UserCommand) -> anyhow::Result<ExitCode> {
    match command {
        UserCommand::Add {
            email,
            role,
            territory,
            place,
            password_stdin,
        } => add(store, email, role, territory, place, *password_stdin).await,
        UserCommand::List => list(store).await,
        UserCommand::Disable { email } => {
            if !store.disable_user(email).await? {
                return Err(Refused(format!("no account « {email} »")).into());
            }
            println!("{email} : compte désactivé (sessions fermées, jetons inutilisables)");
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Token { command } => token(store, command).await,
    }
}

async fn add(
    store: &Store,
    email: &str,
    role: &str,
    territories: &[String],
    places: &[String],
    password_stdin: bool,
) -> anyhow::Result<ExitCode> {
    let email = email.trim();
    if !aiguillage_model::is_email(email) {
        return Err(Refused(format!("« {email} » is not an e-mail address")).into());
    }
    let role: Role = role.parse().map_err(|e| Refused(format!("--role: {e}")))?;
    let territories: Vec<String> = territories
        .iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    let places: Vec<String> = places
        .iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    match role {
        Role::Admin if !territories.is_empty() || !places.is_empty() => {
            return Err(
                Refused("an admin writes everywhere: give neither --territory nor --place".into()).into(),
            )
        }
        Role::Coordinator if territories.is_empty() || !places.is_empty() => {
            return Err(
                Refused("a coordinator needs --territory CODE[,CODE…] (and no --place)".into()).into(),
            )
        }
        Role::Editor if places.is_empty() || !territories.is_empty() => {
            return Err(Refused("an editor needs --place ID[,ID…] (and no --territory)".into()).into())
        }
        _ => {}
    }
    for code in &territories {
        if resolve(store, Admin::embedded(), code).await.is_err() {
            return Err(Refused(format!(
                "--territory: no territory « {code} » (an INSEE commune, EPCI, département or région code, or an imported custom territory)"
            ))
            .into());
        }
    }
    for id in &places {
        if store.get(id).await?.is_none() {
            return Err(Refused(format!("--place: no place with id « {id} »")).into());
        }
    }
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (
            generate_password().map_err(|e| anyhow!("no random source: {e}"))?,
            true,
        )
    };
    let hash = hash_password(&password).map_err(|e| Refused(format!("password: {e}")))?;
    let new = NewUser {
        email,
        role: role.as_str(),
        password_hash: &hash,
        territories: &territories,
        places: &places,
        must_change_password: generated,
    };
    let Some(user) = store.add_user(&new).await? else {
        return Err(Refused(format!("an account « {email} » already exists")).into());
    };
    println!(
        "{} : compte {} créé ({})",
        user.email,
        role.label_fr(),
        scope(&user.territories, &user.places)
    );
    if generated {
        println!(
            "Mot de passe à usage unique (à transmettre ; affiché une seule fois, il faudra en choisir un autre à la première connexion) : {password}"
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn scope(territories: &[String], places: &[String]) -> String {
    match (territories.is_empty(), places.is_empty()) {
        (true, true) => "tout le territoire".to_owned(),
        (false, _) => format!("territoires {}", territories.join(", ")),
        (_, false) => format!("lieux {}", places.join(", ")),
    }
}

async fn list(store: &Store) -> anyhow::Result<ExitCode> {
    for user in store.users().await? {
        println!(
            "{}\t{}\t{}{}",
            user.email,
            user.role,
            scope(&user.territories, &user.places),
            if user.disabled_at.is_some() {
                "\tdésactivé"
            } else {
                ""
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn token(store: &Store, command: &TokenCommand) -> anyhow::Result<ExitCode> {
    match command {
        TokenCommand::Create { email, name } => {
            let secret = new_secret().map_err(|e| anyhow!("no random source: {e}"))?;
            if store
                .create_token(email, name, &secret_hash(&secret))
                .await?
                .is_none()
            {
                return Err(Refused(format!("no account « {email} »")).into());
            }
            eprintln!(
                "Jeton « {name} » de {email} (affiché une seule fois ; en-tête Authorization: Bearer …) :"
            );
            println!("{secret}");
        }
        TokenCommand::Revoke { email, name } => {
            let n = store.revoke_tokens(email, name.as_deref()).await?;
            if n == 0 {
                return Err(Refused(format!("no active token of « {email} » to revoke")).into());
            }
            println!("{n} jeton(s) révoqué(s)");
        }
        TokenCommand::List { email } => {
            for t in store.tokens(email).await? {
                println!(
                    "{}\t{}\tcréé {}\t{}",
                    t.id,
                    t.name,
                    t.created_at,
                    match (&t.revoked_at, &t.last_used_at) {
                        (Some(at), _) => format!("révoqué {at}"),
                        (None, Some(at)) => format!("utilisé {at}"),
                        (None, None) => "jamais utilisé".to_owned(),
                    }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
