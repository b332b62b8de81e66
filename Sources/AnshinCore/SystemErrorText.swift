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
            return words.first { $0.codes.contains(code) }?.text ?? "the operation failed (file system error \(error.code))"
        }
        return "\(error.localizedDescription)"
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
        default: String(cString: strerror(number)).lowercased()
        }
    }
}
