import AnshinCore
import Foundation

extension Clock {
    /// Whole days from `date` to now (negative for a date in the future).
    func days(since date: Date) -> Int {
        Int((now.timeIntervalSince(date) / 86_400).rounded(.down))
    }
}
