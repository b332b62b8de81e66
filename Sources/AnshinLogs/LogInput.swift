import Foundation

/// Where log bytes come from: a file (plain or `.gz`, told by its first bytes), standard input, or
/// bytes in memory.
public enum LogInput: Sendable, Equatable {
    case file(String)
    case standardInput
    case bytes(name: String, [UInt8])

    public var name: String {
        switch self {
        case .file(let path): path
        case .standardInput: "-"
        case .bytes(let name, _): name
        }
    }

    /// Files for `paths`: a file as itself, a folder's regular files recursively in name order (the
    /// S3 delivery layout `AWSLogs/<account>/elasticloadbalancing/<region>/<yyyy>/<mm>/<dd>/…`),
    /// `-` for standard input. Hidden files and folders are left out. A path that does not exist,
    /// or a folder without files, is an error.
    public static func expand(_ paths: [String]) throws(LogConfigurationError) -> [LogInput] {
        var result: [LogInput] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" { result.append(.standardInput); continue }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw LogConfigurationError("\(path): no such file or folder")
            }
            guard isDirectory.boolValue else { result.append(.file(path)); continue }
            guard let enumerator = manager.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: [.isRegularFileKey],
                                                      options: [.skipsHiddenFiles]) else {
                throw LogConfigurationError("\(path): cannot list the folder")
            }
            var files: [String] = []
            for case let url as URL in enumerator {
                if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                    files.append(url.path)
                }
            }
            guard !files.isEmpty else { throw LogConfigurationError("\(path): the folder holds no files") }
            result += files.sorted().map(LogInput.file)
        }
        return result
    }
}
