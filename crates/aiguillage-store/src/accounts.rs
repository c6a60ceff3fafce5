//! Accounts and what they may write (territories, places), browser sessions, API tokens,
//! and the events rate limits count. Secrets are stored hashed: the callers hash them.

use crate::store::now;
use crate::{Store, StoreError};

/// An account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its number.
    pub id: i64,
    /// E-mail address (unique, case-insensitive).
    pub email: String,
    /// `admin`, `coordinator` or `editor`.
    pub role: String,
    /// Territory codes a coordinator looks after.
    pub territories: Vec<String>,
    /// Place ids an editor keeps.
    pub places: Vec<String>,
    /// Whether its password is a generated one, to be replaced at the next sign-in.
    pub must_change_password: bool,
    /// When it was disabled: it can no longer sign in nor use its tokens.
    pub disabled_at: Option<String>,
    /// When it was created (RFC 3339, UTC).
    pub created_at: String,
}

/// A new account (see [`User`]).
#[derive(Debug, Clone, Copy)]
pub struct NewUser<'a> {
    /// E-mail address.
    pub email: &'a str,
    /// `admin`, `coordinator` or `editor`.
    pub role: &'a str,
    /// Its password, hashed (PHC string).
    pub password_hash: &'a str,
    /// Territory codes (coordinators).
    pub territories: &'a [String],
    /// Place ids (editors).
    pub places: &'a [String],
    /// Whether the password is a generated one, good for one sign-in.
    pub must_change_password: bool,
}

/// An API token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Its number.
    pub id: i64,
    /// Its name, for people.
    pub name: String,
    /// When it was created, last used and revoked (RFC 3339, UTC).
    pub created_at: String,
    /// When it was last used.
    pub last_used_at: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<String>,
}

type UserRow = (i64, String, String, bool, Option<String>, String);

type TokenRow = (i64, String, String, Option<String>, Option<String>);

impl Store {
    /// Creates an account; `None` when the e-mail address is taken.
    pub async fn add_user(&self, new: &NewUser<'_>) -> Result<Option<User>, StoreError> {
        let mut tx = self.write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO users (email, role, password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (email) DO NOTHING RETURNING id",
        )
        .bind(new.email)
        .bind(new.role)
        .bind(new.password_hash)
        .bind(new.must_change_password)
        .bind(now())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            return Ok(None);
        };
        for code in new.territories {
            sqlx::query("INSERT OR IGNORE INTO user_territories (user_id, code) VALUES (?, ?)")
                .bind(id)
                .bind(code)
                .execute(&mut *tx)
                .await?;
        }
        for place in new.places {
            sqlx::query("INSERT OR IGNORE INTO user_places (user_id, place_id) VALUES (?, ?)")
                .bind(id)
                .bind(place)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.user(id).await
    }

    /// The account `id`.
    pub async fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT id, email, role, must_change_password, disabled_at, created_at FROM users WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(self.with_scope(row).await?)),
            None => Ok(None),
        }
    }

    /// The account with this e-mail address, and its password hash.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<(User, String)>, StoreError> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, password_hash FROM users WHERE email = ?")
                .bind(email.trim())
                .fetch_optional(&self.pool)
                .await?;
        match row {
            Some((id, hash)) => Ok(self.user(id).await?.map(|u| (u, hash))),
            None => Ok(None),
        }
    }

    /// Every account, by e-mail address.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = sqlx::query_as(
            "SELECT id, email, role, must_change_password, disabled_at, created_at FROM users ORDER BY email",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in rows {
            users.push(self.with_scope(row).await?);
        }
        Ok(users)
    }

    async fn with_scope(
        &self,
        (id, email, role, must_change_password, disabled_at, created_at): UserRow,
    ) -> Result<User, StoreError> {
        let territories =
            sqlx::query_scalar("SELECT code FROM user_territories WHERE user_id = ? ORDER BY code")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        let places =
            sqlx::query_scalar("SELECT place_id FROM user_places WHERE user_id = ? ORDER BY place_id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        Ok(User {
            id,
            email,
            role,
            territories,
            places,
            must_change_password,
            disabled_at,
            created_at,
        })
    }

    /// Replaces the account's password (a person chose it: it is no longer to be changed) and
    /// ends its sessions other than `keep_session` (the one that changed it).
    pub async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?")
            .bind(user_id)
            .bind(keep_session)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables the account: its sessions end, its tokens stop working. `false` when there
    /// is no such account.
    pub async fn disable_user(&self, email: &str) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE users SET disabled_at = coalesce(disabled_at, ?) WHERE email = ? RETURNING id",
        )
        .bind(now())
        .bind(email.trim())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            return Ok(false);
        };
        sqlx::query("DELETE FROM sessions WHERE user_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Starts a browser session for the account, until `expires_at` (RFC 3339, UTC).
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        expires_at: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf)
        .bind(now())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The enabled account of a session that has not expired, and the session's CSRF token.
    pub async fn session(&self, token_hash: &str) -> Result<Option<(User, String)>, StoreError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT s.user_id, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some((user_id, csrf)) => Ok(self.user(user_id).await?.map(|u| (u, csrf))),
            None => Ok(None),
        }
    }

    /// Ends a session (and every expired one).
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ? OR expires_at <= ?")
            .bind(token_hash)
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records an API token of the account; `None` when there is no such account.
    pub async fn create_token(
        &self,
        email: &str,
        name: &str,
        token_hash: &str,
    ) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) \
             SELECT id, ?, ?, ? FROM users WHERE email = ? RETURNING id",
        )
        .bind(name)
        .bind(token_hash)
        .bind(now())
        .bind(email.trim())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The enabled account of a token that is not revoked (and notes its use).
    pub async fn token_user(&self, token_hash: &str) -> Result<Option<User>, StoreError> {
        let user_id: Option<i64> = sqlx::query_scalar(
            "UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ? AND revoked_at IS NULL \
             AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL) RETURNING user_id",
        )
        .bind(now())
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        match user_id {
            Some(id) => self.user(id).await,
            None => Ok(None),
        }
    }

    /// The account's tokens, newest first.
    pub async fn tokens(&self, email: &str) -> Result<Vec<ApiToken>, StoreError> {
        let rows: Vec<TokenRow> = sqlx::query_as(
            "SELECT t.id, t.name, t.created_at, t.last_used_at, t.revoked_at FROM api_tokens t \
             JOIN users u ON u.id = t.user_id WHERE u.email = ? ORDER BY t.id DESC",
        )
        .bind(email.trim())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, created_at, last_used_at, revoked_at)| ApiToken {
                id,
                name,
                created_at,
                last_used_at,
                revoked_at,
            })
            .collect())
    }

    /// Revokes the account's tokens named `name` (every token when `None`); returns how many.
    pub async fn revoke_tokens(&self, email: &str, name: Option<&str>) -> Result<u64, StoreError> {
        Ok(sqlx::query(
            "UPDATE api_tokens SET revoked_at = ? WHERE revoked_at IS NULL \
             AND user_id IN (SELECT id FROM users WHERE email = ?) AND (? IS NULL OR name = ?)",
        )
        .bind(now())
        .bind(email.trim())
        .bind(name)
        .bind(name)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }

    /// Records an event for the rate limit `key`, forgets that key's events before `forget_before`
    /// (RFC 3339), and returns how many remain (this one included).
    pub async fn count_rate_event(&self, key: &str, forget_before: &str) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM rate_events WHERE key = ? AND at < ?")
            .bind(key)
            .bind(forget_before)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO rate_events (key, at) VALUES (?, ?)")
            .bind(key)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rate_events WHERE key = ?")
            .bind(key)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// How many events the rate limit `key` counted since `since` (RFC 3339).
    pub async fn rate_events_since(&self, key: &str, since: &str) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rate_events WHERE key = ? AND at >= ?")
            .bind(key)
            .bind(since)
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Forgets the events of the rate limit `key` (after a successful sign-in).
    pub async fn clear_rate_events(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM rate_events WHERE key = ?")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).await.unwrap();
        (dir, store)
    }

    fn coordinator<'a>(email: &'a str, territories: &'a [String]) -> NewUser<'a> {
        NewUser {
            email,
            role: "coordinator",
            password_hash: "hash",
            territories,
            places: &[],
            must_change_password: false,
        }
    }

    #[tokio::test]
    async fn accounts_are_unique_by_address_whatever_its_case() {
        let (_dir, store) = store().await;
        let codes = vec!["29".to_owned(), "56".to_owned()];
        let user = store
            .add_user(&coordinator("Coord@Exemple.fr", &codes))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(user.territories, codes);
        assert!(store
            .add_user(&coordinator("coord@exemple.fr", &[]))
            .await
            .unwrap()
            .is_none());
        let (found, hash) = store.user_by_email(" coord@EXEMPLE.fr ").await.unwrap().unwrap();
        assert_eq!((found.id, hash.as_str()), (user.id, "hash"));
        assert_eq!(store.users().await.unwrap().len(), 1);
        assert!(!found.must_change_password);
    }

    #[tokio::test]
    async fn a_new_password_ends_the_other_sessions() {
        let (_dir, store) = store().await;
        let mut new = coordinator("a@b.fr", &[]);
        new.must_change_password = true;
        let user = store.add_user(&new).await.unwrap().unwrap();
        assert!(user.must_change_password);
        store
            .create_session("here", user.id, "c", "2999-01-01T00:00:00.000Z")
            .await
            .unwrap();
        store
            .create_session("there", user.id, "c", "2999-01-01T00:00:00.000Z")
            .await
            .unwrap();
        store.set_password(user.id, "new hash", "here").await.unwrap();
        let (user, hash) = store.user_by_email("a@b.fr").await.unwrap().unwrap();
        assert_eq!(hash, "new hash");
        assert!(!user.must_change_password);
        assert!(store.session("here").await.unwrap().is_some());
        assert!(store.session("there").await.unwrap().is_none());
    }

    #[tokio::test]
    async fn sessions_expire_and_end_with_the_account() {
        let (_dir, store) = store().await;
        let user = store
            .add_user(&coordinator("a@b.fr", &[]))
            .await
            .unwrap()
            .unwrap();
        store
            .create_session("live", user.id, "csrf", "2999-01-01T00:00:00.000Z")
            .await
            .unwrap();
        store
            .create_session("old", user.id, "csrf", "2000-01-01T00:00:00.000Z")
            .await
            .unwrap();
        assert_eq!(store.session("live").await.unwrap().unwrap().1, "csrf");
        assert!(store.session("old").await.unwrap().is_none(), "expired");
        assert!(store.session("unknown").await.unwrap().is_none());
        assert!(store.disable_user("a@b.fr").await.unwrap());
        assert!(
            store.session("live").await.unwrap().is_none(),
            "a disabled account's sessions end"
        );
        assert!(!store.disable_user("nobody@b.fr").await.unwrap());
    }

    #[tokio::test]
    async fn tokens_work_until_revoked_or_disabled() {
        let (_dir, store) = store().await;
        store
            .add_user(&coordinator("a@b.fr", &[]))
            .await
            .unwrap()
            .unwrap();
        assert!(store
            .create_token("nobody@b.fr", "x", "h0")
            .await
            .unwrap()
            .is_none());
        store
            .create_token("a@b.fr", "script", "h1")
            .await
            .unwrap()
            .unwrap();
        store
            .create_token("a@b.fr", "other", "h2")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(store.token_user("h1").await.unwrap().unwrap().email, "a@b.fr");
        assert!(store
            .tokens("a@b.fr")
            .await
            .unwrap()
            .iter()
            .any(|t| t.last_used_at.is_some()));
        assert_eq!(store.revoke_tokens("a@b.fr", Some("script")).await.unwrap(), 1);
        assert!(store.token_user("h1").await.unwrap().is_none());
        assert!(store.token_user("h2").await.unwrap().is_some());
        store.disable_user("a@b.fr").await.unwrap();
        assert!(store.token_user("h2").await.unwrap().is_none());
    }

    #[tokio::test]
    async fn rate_events_are_counted_in_their_window() {
        let (_dir, store) = store().await;
        assert_eq!(store.count_rate_event("k", "2000-01-01").await.unwrap(), 1);
        assert_eq!(store.count_rate_event("k", "2000-01-01").await.unwrap(), 2);
        assert_eq!(store.rate_events_since("k", "2000-01-01").await.unwrap(), 2);
        assert_eq!(store.rate_events_since("k", "2999-01-01").await.unwrap(), 0);
        // Events older than the window are forgotten when the next one is counted.
        assert_eq!(store.count_rate_event("k", "2999-01-01").await.unwrap(), 1);
        store.clear_rate_events("k").await.unwrap();
        assert_eq!(store.rate_events_since("k", "2000-01-01").await.unwrap(), 0);
    }
}
