import AnshinCore
import Foundation

/// Aggregates stored as a file (JSON, gzip-free, versioned), so the weekly report reads a week of
/// buckets instead of re-parsing a week of logs.
public enum LogAggregateFile {
    public static let version = 1

    struct Stored: Codable {
        var version: Int
        var aggregate: LogAggregate
    }

    public static func encode(_ aggregate: LogAggregate) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(Stored(version: version, aggregate: aggregate))
    }

    public static func decode(_ data: Data, name: String) throws(LogConfigurationError) -> LogAggregate {
        do {
            let stored = try JSONDecoder().decode(Stored.self, from: data)
            guard stored.version == version else {
                throw LogConfigurationError("\(name): aggregates of version \(stored.version); this anshin reads version \(version)")
            }
            return stored.aggregate
        } catch let error as LogConfigurationError {
            throw error
        } catch {
            throw LogConfigurationError("\(name): not an aggregates file written by --save (\(error))")
        }
    }

    public static func write(_ aggregate: LogAggregate, to path: String) throws(LogConfigurationError) {
        do {
            try encode(aggregate).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw LogConfigurationError("\(path): cannot write the aggregates: \(SystemErrorText.describe(error))")
        }
    }

    public static func read(_ path: String) throws(LogConfigurationError) -> LogAggregate {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LogConfigurationError("\(path): cannot read: \(SystemErrorText.describe(error))")
        }
        return try decode(data, name: path)
    }
}
