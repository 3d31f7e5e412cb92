# Developer entry points for inservice. `make` alone lists the targets.
# The logic lives in scripts/ so it can be read (and run) without make.
#
# Variables:
#   ARGS           extra arguments: to `cargo test` for `test`, to `inservice serve` for `run`
#                  e.g. make test ARGS='accounts -- --nocapture'
#   DATABASE_URL   use this PostgreSQL instead of the private one (scripts/dev-postgres.sh)
#   INSERVICE_DATA_DIR  where the private PostgreSQL keeps its data (default: .data)

.DEFAULT_GOAL := help
.PHONY: help run test lint check-sqlx db-stop clean-data

help: ## List the targets
	@echo 'Usage: make <target> [ARGS=...]'
	@awk 'BEGIN { FS = ":.*## " } /^[a-zA-Z_-]+:.*## / { printf "  %-11s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

run: ## Build (release) and serve with demo data on $DATABASE_URL or the private PostgreSQL
	bash scripts/run.sh $(ARGS)

test: ## Run all tests against $DATABASE_URL or the private PostgreSQL
	bash scripts/test.sh $(ARGS)

lint: ## Check formatting; run clippy with warnings as errors
	cargo fmt --check
	SQLX_OFFLINE=true cargo clippy --all-targets --locked -- -D warnings

check-sqlx: ## Verify that .sqlx/ (offline query metadata) matches the queries and migrations
	bash scripts/sqlx-prepare.sh --check

db-stop: ## Stop the private PostgreSQL, if it runs
	bash scripts/dev-postgres.sh stop

# Removes only our own postgres/ folder from a custom INSERVICE_DATA_DIR, never the folder itself.
clean-data: db-stop ## Stop the private PostgreSQL and delete its data (.data)
	rm -rf .data $${INSERVICE_DATA_DIR:+"$$INSERVICE_DATA_DIR/postgres"}
