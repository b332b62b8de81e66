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
/// regular file nor a folder (sockets, devices, pipes) is not a file to scan.
enum DirectoryWalk {
    /// Calls `file` with the path, relative to `root`, of every regular file under `root`, and
    /// `failure` with the relative path (`.` for `root` itself) and the reason of every folder
    /// that could not be read, so that a caller can report what it did not scan.
    static func walk(_ root: String, file: (String) -> Void, failure: (String, String) -> Void) {
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let stream = opendir(folder) else {
                failure(relative.isEmpty ? "." : relative, String(cString: strerror(errno)))
                continue
            }
            defer { closedir(stream) }
            while true {
                errno = 0
                guard let entry = readdir(stream) else {
                    if errno != 0 { failure(relative.isEmpty ? "." : relative, String(cString: strerror(errno))) }
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
                case .other: break
                }
            }
        }
    }

    enum Kind { case file, folder, other }

    /// The entry's type from `d_type`, or from `lstat` when the file system does not say.
    private static func kind(of entry: UnsafeMutablePointer<dirent>, at path: String) -> Kind {
        switch Int32(entry.pointee.d_type) {
        case Int32(DT_REG): return .file
        case Int32(DT_DIR): return .folder
        case Int32(DT_UNKNOWN):
            var info = stat()
            guard lstat(path, &info) == 0 else { return .other }
            switch info.st_mode & S_IFMT {
            case S_IFREG: return .file
            case S_IFDIR: return .folder
            default: return .other
            }
        default: return .other
        }
    }
}
