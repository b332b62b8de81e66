import AnshinCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the regular files under a folder with `opendir`/`readdir`.
///
/// Why not `FileManager`: its enumerator builds a URL and fetches resource values for every
/// entry, which cost more than scanning the files' bytes on a source tree of tens of thousands of
/// files. `readdir` returns each entry's type with its name (`d_type`), so only entries of a file
/// system that does not fill it in need an `lstat`.
///
/// Symbolic links are never followed, `.git` folders are left out, and anything that is neither a
/// regular file nor a folder (sockets, devices, pipes) is not a file to scan: it is never opened
/// (a named pipe would block the scan forever), only named to `special`.
enum DirectoryWalk {
    /// Calls `file` with the path, relative to `root`, of every regular file under `root`,
    /// `failure` with the relative path (`.` for `root` itself) and the reason of every folder
    /// that could not be read, and `special` with the path and kind of every named pipe, socket
    /// or device, so that a caller can report what it did not scan.
    static func walk(_ root: String, file: (String) -> Void, failure: (String, String) -> Void,
                     special: (String, String) -> Void = { _, _ in }) {
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let stream = opendir(folder) else {
                failure(relative.isEmpty ? "." : relative, SystemErrorText.describe(errno: errno))
                continue
            }
            defer { closedir(stream) }
            while true {
                errno = 0
                guard let entry = readdir(stream) else {
                    if errno != 0 { failure(relative.isEmpty ? "." : relative, SystemErrorText.describe(errno: errno)) }
                    break
                }
                let name = withUnsafePointer(to: &entry.pointee.d_name) {
                    String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
                }
                if name == "." || name == ".." { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                switch kind(of: entry, at: root + "/" + path) {
                case .file: file(path)
                case .folder: if name != ".git" { pending.append(path) }
                case .special(let kind): special(path, kind)
                case .other: break
                }
            }
        }
    }

    /// `other` is a symbolic link (never followed) or what cannot be told.
    enum Kind { case file, folder, special(String), other }

    /// The entry's type from `d_type`, or from `lstat` when the file system does not say.
    private static func kind(of entry: UnsafeMutablePointer<dirent>, at path: String) -> Kind {
        switch Int32(entry.pointee.d_type) {
        case Int32(DT_REG): return .file
        case Int32(DT_DIR): return .folder
        case Int32(DT_FIFO): return .special(SpecialFile.namedPipe)
        case Int32(DT_SOCK): return .special(SpecialFile.socket)
        case Int32(DT_CHR), Int32(DT_BLK): return .special(SpecialFile.device)
        case Int32(DT_UNKNOWN):
            var info = stat()
            guard lstat(path, &info) == 0 else { return .other }
            switch info.st_mode & S_IFMT {
            case S_IFREG: return .file
            case S_IFDIR: return .folder
            case S_IFLNK: return .other
            default: return SpecialFile.kind(mode: info.st_mode).map { .special($0) } ?? .other
            }
        default: return .other
        }
    }
}

/// Names of what is neither a file nor a folder, as notes print them.
enum SpecialFile {
    static let namedPipe = "named pipe"
    static let socket = "socket"
    static let device = "device file"

    /// The kind of a non-regular file from its `st_mode`; nil for files, folders and links.
    static func kind(mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFIFO: namedPipe
        case S_IFSOCK: socket
        case S_IFCHR, S_IFBLK: device
        default: nil
        }
    }
}
