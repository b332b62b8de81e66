/// Why a store operation failed. Messages never contain a password.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Hashable {
        /// The location is malformed or names an engine anshin does not know.
        case location
        /// The database cannot be reached, opened or authenticated to.
        case connection
        /// A statement failed (syntax, missing table, type).
        case query
        /// A uniqueness, foreign-key, not-null or check constraint refused a write.
        case constraint
        /// The database's schema is newer than this program knows.
        case migration
        /// The store was used after ``Store/close()``.
        case closed
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
