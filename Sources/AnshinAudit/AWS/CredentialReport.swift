import AnshinCore
import Foundation

/// The IAM credential report (`GetCredentialReport`): a CSV file with one row per IAM user and
/// one for the root user (`<root_account>`), saying when each credential was created, changed and
/// last used.
///
/// Design choice: a row with a malformed date keeps that date unknown (nil) rather than failing
/// the whole report, and a row with too few columns is skipped; the report is AWS's output, but
/// the audit must not crash on a format change.
public struct CredentialReport: Sendable, Equatable {
    /// The root user's row, as far as the report says.
    public struct Root: Sendable, Equatable {
        public var passwordLastUsed: Date?
        public var accessKeyLastUsed: Date?
        public var anyAccessKeyActive: Bool
    }

    /// IAM users by name.
    public var users: [String: CredentialReportEntry]
    /// The `<root_account>` row; nil when the report has none (moto's reports do not).
    public var root: Root?

    /// Parses the report's CSV text; nil when it has no header with a `user` column.
    public static func parse(_ text: String) -> CredentialReport? {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init),
              header.contains("user") else { return nil }
        var users: [String: CredentialReportEntry] = [:]
        var root: Root?
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count else { continue }
            let row = Dictionary(zip(header, fields), uniquingKeysWith: { first, _ in first })
            guard let user = row["user"] else { continue }
            let slots = (1...2).map { number in
                CredentialReportEntry.KeySlot(number: number, active: row["access_key_\(number)_active"] == "true",
                                              lastRotated: date(row["access_key_\(number)_last_rotated"]),
                                              lastUsed: date(row["access_key_\(number)_last_used_date"]))
            }
            if user == "<root_account>" {
                root = Root(passwordLastUsed: date(row["password_last_used"]),
                            accessKeyLastUsed: slots.compactMap(\.lastUsed).max(),
                            anyAccessKeyActive: slots.contains(where: \.active))
                continue
            }
            guard let created = date(row["user_creation_time"]) else { continue }
            users[user] = CredentialReportEntry(userCreated: created, passwordEnabled: row["password_enabled"] == "true",
                                                passwordLastUsed: date(row["password_last_used"]),
                                                passwordLastChanged: date(row["password_last_changed"]),
                                                accessKeys: slots.filter { $0.active || $0.lastRotated != nil })
        }
        return CredentialReport(users: users, root: root)
    }

    /// An ISO 8601 date; nil for `N/A`, `no_information`, `not_supported` and anything malformed.
    static func date(_ text: String?) -> Date? {
        guard let text, text.first?.isNumber == true else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
