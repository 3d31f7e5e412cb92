//! The command line: `inservice serve | migrate | seed | export-schema | user`.

use std::{io::BufRead, net::SocketAddr, path::PathBuf};

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};

use crate::{
    accounts::{password, sql as accounts_sql},
    audit::{self, Entry},
    authz::Role,
    config::Settings,
    db, graphql,
    request::RequestContext,
    seed,
    startup::{shutdown_signal, Application},
    state::Placements,
    telemetry,
};

#[derive(Parser, Debug)]
#[command(
    name = "inservice",
    version,
    about = "Back office of Taiwan's national teacher in-service training network"
)]
pub struct Cli {
    /// Settings file (TOML); environment variables override it.
    #[arg(long, global = true, env = "INSERVICE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the HTTP server (GraphQL API and health checks).
    Serve {
        /// Address to listen on [env: INSERVICE_LISTEN] [default: 127.0.0.1:8080]
        #[arg(long)]
        listen: Option<SocketAddr>,
        /// Do not run pending migrations at start.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Run pending database migrations.
    Migrate,
    /// Load the reference organisation tree; with --demo also demo schools,
    /// accounts and contacts (refused in production).
    Seed {
        #[arg(long)]
        demo: bool,
        /// Also load a synthetic network: `national` (4,000 schools, 250,000
        /// teachers, 100,000 courses, 5,000,000 hour grants for the last
        /// school year; a few minutes) or `small` (the same shape, tiny).
        /// Refused in production.
        #[arg(long, value_enum)]
        scale: Option<SeedScale>,
        /// Seed of the synthetic network's random numbers: the same seed
        /// gives the same data.
        #[arg(long, default_value_t = 20_261_128)]
        random_seed: u64,
    },
    /// Print the GraphQL schema (SDL), as committed in schema.graphql.
    ExportSchema,
    /// Manage accounts from the shell, e.g. to create the first operator.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum SeedScale {
    National,
    Small,
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create an account. Without --password-stdin a random password is
    /// generated and printed once.
    Create(CreateUser),
    /// Grant a role at a unit (by unit code), e.g. `--role operator --unit NKNU-OPS`.
    Grant {
        #[arg(long)]
        login: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        unit: String,
    },
}

#[derive(Args, Debug)]
struct CreateUser {
    #[arg(long)]
    login: String,
    #[arg(long)]
    name: String,
    #[arg(long)]
    email: Option<String>,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    password_stdin: bool,
}

/// Parses the command line and runs it; the process exit code.
pub async fn run() -> std::process::ExitCode {
    let cli = Cli::parse();
    match execute(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn settings(config: Option<&std::path::Path>) -> anyhow::Result<Settings> {
    Settings::load(config, |k| std::env::var(k).ok())
}

async fn execute(cli: Cli) -> anyhow::Result<()> {
    if let Command::ExportSchema = cli.command {
        print!("{}", graphql::sdl());
        return Ok(());
    }
    let mut settings = settings(cli.config.as_deref())?;
    telemetry::init(settings.log_json);
    match cli.command {
        Command::ExportSchema => unreachable!("handled above"),
        Command::Serve { listen, no_migrate } => {
            if let Some(addr) = listen {
                settings.listen = addr;
            }
            // Before anything can be served, so a signal is never missed.
            let shutdown = shutdown_signal();
            let app = Application::build(settings, !no_migrate).await?;
            let addr = app.local_addr();
            tracing::info!(%addr, "inservice listening");
            println!("inservice is running at http://{addr}/  (GraphQL: http://{addr}/graphql)");
            app.run_until(shutdown).await
        }
        Command::Migrate => {
            let pool = db::connect(&settings).await?;
            db::migrate(&pool).await?;
            println!("migrations are up to date");
            Ok(())
        }
        Command::Seed {
            demo,
            scale,
            random_seed,
        } => {
            if (demo || scale.is_some()) && settings.is_production() {
                bail!("refusing to load demo data or a synthetic network: INSERVICE_ENV is production");
            }
            let pool = db::connect(&settings).await?;
            let report =
                seed::run(&pool, demo, settings.national_id_key.expose().as_bytes()).await?;
            println!("seeded {report}");
            if let Some(scale) = scale {
                let scale = match scale {
                    SeedScale::National => seed::national::Scale::national(random_seed),
                    SeedScale::Small => seed::national::Scale::small(random_seed),
                };
                println!(
                    "loading a synthetic network for school year {} (seed {random_seed}) …",
                    scale.school_year
                );
                let loaded = seed::national::load(&pool, scale).await?;
                println!(
                    "loaded {} schools, {} teachers, {} courses and {} hour grants (each with its \
                     registration) in {:.1} s",
                    loaded.schools, loaded.teachers, loaded.courses, loaded.grants, loaded.seconds
                );
            }
            if demo {
                println!("\nDemo accounts (password: {}):", seed::DEMO_PASSWORD);
                for (login, role, unit) in &report.demo_users {
                    println!("  {login:<14} {role:<15} {unit}");
                }
            }
            Ok(())
        }
        Command::User(cmd) => {
            let pool = db::connect(&settings).await?;
            user_command(&pool, cmd).await
        }
    }
}

async fn user_command(pool: &sqlx::PgPool, cmd: UserCommand) -> anyhow::Result<()> {
    let system = RequestContext::system();
    match cmd {
        UserCommand::Create(c) => {
            let login = c.login.trim().to_lowercase();
            if !crate::accounts::is_valid_login(&login) {
                bail!("--login {login:?}: use 2 to 63 lower-case letters, digits, '.', '_' or '-'");
            }
            let (pw, generated) = if c.password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .context("reading the password from standard input")?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                let bytes: [u8; 18] = rand::random();
                (
                    base64::Engine::encode(
                        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                        bytes,
                    ),
                    true,
                )
            };
            let inputs = [
                login.as_str(),
                c.name.trim(),
                c.email.as_deref().unwrap_or_default(),
            ];
            if let Some(e) = password::check_new(&pw, &inputs) {
                bail!("password: {}", e.message);
            }
            let hash = password::hash(pw.clone()).await?;
            let mut tx = pool.begin().await?;
            let created = accounts_sql::insert_user(
                &mut tx,
                &accounts_sql::NewUser {
                    login: &login,
                    display_name: c.name.trim(),
                    email: c.email.as_deref(),
                    password_hash: &hash,
                    created_by: None,
                },
            )
            .await?
            .with_context(|| format!("the login {login:?} is already taken"))?;
            audit::record(
                &mut *tx,
                &system,
                Entry::ok("user.create")
                    .target("user", created.id)
                    .detail("created from the command line"),
            )
            .await?;
            tx.commit().await?;
            println!("created user {login}");
            if generated {
                println!("password (shown only now): {pw}");
            }
            Ok(())
        }
        UserCommand::Grant { login, role, unit } => {
            let role: Role = role.parse().map_err(anyhow::Error::msg)?;
            let mut tx = pool.begin().await?;
            let user_id = sqlx::query_scalar!(
                "SELECT id FROM users WHERE login = $1",
                login.trim().to_lowercase()
            )
            .fetch_optional(&mut *tx)
            .await?
            .with_context(|| format!("no user has the login {login:?}"))?;
            let unit_row = crate::units::find_by_code(&mut *tx, unit.trim())
                .await?
                .with_context(|| format!("no unit has the code {unit:?}"))?;
            if !Placements::load(pool).await?.allows(role, &unit_row.kind) {
                bail!(
                    "the role {role} cannot be held at {} (kind {})",
                    unit_row.name,
                    unit_row.kind
                );
            }
            let granted = accounts_sql::grant(&mut tx, user_id, role, unit_row.id, None).await?;
            audit::record(
                &mut *tx,
                &system,
                Entry::ok("role.grant")
                    .target("user", user_id)
                    .unit(unit_row.id)
                    .set("role", &role.as_str())
                    .detail("granted from the command line"),
            )
            .await?;
            tx.commit().await?;
            if granted {
                println!("granted {role} at {} to {login}", unit_row.name);
            } else {
                println!("{login} already holds {role} at {}", unit_row.name);
            }
            Ok(())
        }
    }
}
