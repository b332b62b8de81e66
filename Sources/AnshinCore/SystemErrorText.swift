import Foundation

/// Errors of the file system in plain words.
///
/// Foundation's own texts on Linux can read `The operation could not be completed. (NSCocoaErrorDomain
/// error 4.)`, and `strerror` speaks of errno values: neither reaches a user. Every message about a
/// file that could not be read or written goes through here.
public enum SystemErrorText {
    /// What went wrong with a file operation, in words a user can act on.
    public static func describe(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return describe(errno: posix.code.rawValue) }
        // anshin's own errors carry their message; Foundation's are put in words below.
        let type = type(of: error) as Any.Type
        if type is any CustomStringConvertible.Type, !(type is NSError.Type), !(error is CocoaError) {
            return String(describing: error)
        }
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return describe(errno: Int32(underlying.code))
        }
        if error.domain == NSPOSIXErrorDomain { return describe(errno: Int32(error.code)) }
        if error.domain == NSCocoaErrorDomain {
            let code = CocoaError.Code(rawValue: error.code)
            let words: [(codes: [CocoaError.Code], text: String)] = [
                ([.fileNoSuchFile, .fileReadNoSuchFile], "no such file or folder"),
                ([.fileReadNoPermission, .fileWriteNoPermission], "permission denied"),
                ([.fileWriteOutOfSpace], "no space left on the device"),
                ([.fileWriteVolumeReadOnly], "the file system is read-only"),
                ([.fileReadCorruptFile, .fileReadInapplicableStringEncoding], "not valid UTF-8 text"),
                ([.fileReadTooLarge], "the file is too large"),
                ([.fileWriteFileExists], "a file of that name already exists"),
                ([.fileWriteInvalidFileName], "not a valid file name"),
            ]
            if let text = words.first(where: { $0.codes.contains(code) })?.text { return text }
            // Foundation on Linux says no more than "unknown" for a folder read as a file.
            let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? (error.userInfo[NSURLErrorKey] as? URL)?.path
            var isDirectory: ObjCBool = false
            if let path, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                return "it is a folder"
            }
            if code == .fileReadUnknown { return "the file could not be read" }
            if code == .fileWriteUnknown { return "the file could not be written" }
            return "the operation failed (file system error \(error.code))"
        }
        return "the operation failed (\(error.domain) \(error.code))"
    }

    /// `strerror`'s text in lower case; a number the C library has no words for is named as a
    /// system error, never as `Unknown error N`.
    private static func strerrorWords(_ number: Int32) -> String {
        let text = String(cString: strerror(number))
        guard !text.isEmpty, !text.hasPrefix("Unknown error") else { return "system error \(number)" }
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// A system error number in words.
    public static func describe(errno number: Int32) -> String {
        switch number {
        case ENOENT: "no such file or folder"
        case EACCES, EPERM: "permission denied"
        case EISDIR: "it is a folder"
        case ENOTDIR: "a part of the path is not a folder"
        case ENOSPC: "no space left on the device"
        case EROFS: "the file system is read-only"
        case EEXIST: "it already exists"
        case ELOOP: "too many symbolic links"
        case ENAMETOOLONG: "the name is too long"
        case EMFILE, ENFILE: "too many open files"
        case ENOMEM: "not enough memory"
        case EIO: "an input/output error of the device"
        case ENXIO: "no reader or device behind it"
        case EBADF: "the file or stream is not open"
        case EPIPE: "the other end was closed"
        case EXDEV: "it is on another file system"
        case ENOTEMPTY: "the folder is not empty"
        case EBUSY, ETXTBSY: "it is in use"
        case ECONNREFUSED: "connection refused"
        case ETIMEDOUT: "connection timed out"
        case ECONNRESET: "connection reset by the other end"
        case ENOEXEC: "it is not a program this system can run"
        default: Self.strerrorWords(number)
        }
    }
}
