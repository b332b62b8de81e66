/// # AnshinStore
///
/// The one place anshin keeps state that outlives a run: check results, incidents, SLO counters,
/// log aggregates. One small SQL API over two engines:
///
/// - **SQLite**, embedded, the default (`sqlite:PATH`, a bare path, or `sqlite::memory:`): nothing
///   to install or run, good for one machine.
/// - **PostgreSQL** for teams (`postgres://user:password@host:port/database?sslmode=…`): several
///   processes on several machines share one store and split work between them.
///
/// Design choice: callers write plain SQL with `?` placeholders and ``SQLValue`` parameters, and the
/// schema keeps to the common ground of both engines (`BIGINT` integers, `DOUBLE PRECISION`,
/// `TEXT`; times as milliseconds since 1970, booleans as 0 and 1), so a capability writes each query
/// once. Where the engines differ in syntax, a ``Migration`` may give each its own statements, and
/// ``Store/dialect`` tells which engine runs.
///
/// - ``Store/open(_:logger:)`` connects from a URL; ``Store/execute(_:_:)`` and
///   ``Store/query(_:_:)`` run one statement; ``Store/transaction(_:)`` runs several atomically.
/// - ``Store/migrate(owner:_:)`` applies each owner's ordered migrations once (each capability
///   registers its own schema under its own name).
/// - ``LeaseQueue`` splits recurring work between processes: each item has a due time, a process
///   claims due items for a while, completes them with their next due time, and the items of a
///   process that died are claimed by another once its leases expire. PostgreSQL claims with
///   `FOR UPDATE SKIP LOCKED`; SQLite, whose writers are serialised, with one atomic `UPDATE`.
///
/// The SQLite engine is Debian's `libsqlite3` called directly: each connection runs on its own
/// serial queue (never blocking Swift's cooperative threads), one writer connection serialised by an
/// asynchronous lock and a few reader connections in WAL mode. The PostgreSQL engine is
/// postgres-nio's connection pool.
public enum AnshinStore {}
