/// # AnshinGitHub
///
/// GitHub as a place where findings are filed and as something to audit.
///
/// - The **client** (`Client/`) speaks GitHub's REST API over AnshinHTTP's ``HTTPTransport``:
///   pagination by `Link` headers, the primary and secondary rate limits, retries of what is safe
///   to retry, and errors that say which call failed and why.
/// - The **issue sync** (`Issues/`) is pure planning plus a thin executor. Findings are grouped
///   (one rule on one resource, or one secret incident), each group becomes an issue draft, and
///   ``SyncPlanner`` compares the drafts with the repository's issues (found by a hidden marker
///   in their bodies, never by title) to produce a ``SyncPlan``: labels to create, issues to
///   create, update, close and reopen. ``SyncExecutor`` applies it one idempotent step at a
///   time, so a run that stops half-way leaves issues the next run recognises and finishes.
/// - The **organisation audit** (`Organization/`) reads an ``OrganizationInventory`` once and
///   evaluates checks on it, each a value with its metadata, so the checks are tested on
///   fixtures without a socket and every finding carries pillars and references.
public enum AnshinGitHub {}
