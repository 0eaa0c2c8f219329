/// Splits a `--kernel-cmd` string into the program and its arguments, without a shell.
///
/// Why not `/bin/sh -c`: the gate kills a hung kernel with SIGKILL, and a
/// shell in between would be killed instead of the kernel (dash does not
/// `exec` the last command). So NormCheck starts the program itself and
/// accepts the quoting people type in a shell, nothing more: words are
/// separated by spaces or tabs; `'...'` keeps everything literally; `"..."`
/// keeps everything but `\"` and `\\`; a backslash outside quotes keeps the
/// next character. No variables, globs, pipes or redirections.
public enum KernelCommandLine {
    /// The words of `text`.
    /// - Throws: `GradCheckError.invalidSetting` naming the option for an empty
    ///   command, an unclosed quote or a trailing backslash.
    public static func split(_ text: String, option: String = "--kernel-cmd") throws(GradCheckError) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var iterator = text.makeIterator()
        func fail() -> GradCheckError { .invalidSetting(name: option, value: text) }
        while let character = iterator.next() {
            switch character {
            case " ", "\t":
                if inWord { words.append(word) }
                (word, inWord) = ("", false)
            case "'":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw fail() }
                    if next == "'" { break }
                    word.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw fail() }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { throw fail() }
                        if escaped != "\"" && escaped != "\\" { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
            case "\\":
                guard let escaped = iterator.next() else { throw fail() }
                (word, inWord) = (word + String(escaped), true)
            default:
                (word, inWord) = (word + String(character), true)
            }
        }
        if inWord { words.append(word) }
        guard !words.isEmpty else { throw fail() }
        return words
    }

    /// `word` as `split` reads it back (and a POSIX shell too): as is when it
    /// holds only characters no shell treats specially, else in single
    /// quotes, each `'` written `'\''`.
    public static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)
        }
        return plain ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#) + "'"
    }
}
