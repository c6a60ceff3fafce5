//! Line numbers of positions in a file's text, for the readers that report `FILE:LINE`.

/// The 1-based line numbers of byte offsets in a text, asked in increasing order.
///
/// Readers learn where each record starts as a byte offset (the CSV reader's positions) or
/// as a slice of the text (JSON items read as raw values). The counter carries its count of
/// line breaks forward from one offset to the next, so numbering every record of a file
/// costs one pass over its bytes, whatever the number of records. It never goes back: an
/// offset before one already asked counts as that one.
///
/// ```
/// use aiguillage_model::LineCounter;
///
/// let text = "id,nom\n1,EPN\n\n2,Mairie\n";
/// let mut lines = LineCounter::new(text);
/// assert_eq!(lines.line_at(7), 2);
/// // A record whose position is the blank line starts on the next line with text.
/// assert_eq!(lines.line_of_text_at(13), 4);
/// assert_eq!(lines.line_of_slice(&text[14..]), 4);
/// // Forward only: an earlier offset is the last one asked.
/// assert_eq!(lines.line_at(0), 4);
/// ```
#[derive(Debug, Clone)]
pub struct LineCounter<'a> {
    text: &'a [u8],
    /// Offset up to which line breaks are counted.
    counted_to: usize,
    /// Line of the byte at `counted_to`.
    line: u64,
}

impl<'a> LineCounter<'a> {
    /// A counter over `text`, whose first byte is on line 1.
    pub fn new<T: AsRef<[u8]> + ?Sized>(text: &'a T) -> Self {
        LineCounter::from_line(text, 1)
    }

    /// A counter over `text`, whose first byte is on line `first_line` (`text` follows
    /// lines a reader has already skipped).
    pub fn from_line<T: AsRef<[u8]> + ?Sized>(text: &'a T, first_line: u64) -> Self {
        LineCounter {
            text: text.as_ref(),
            counted_to: 0,
            line: first_line,
        }
    }

    /// The line of the byte at `offset` (offsets past the end are on the last line).
    pub fn line_at(&mut self, offset: u64) -> u64 {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        self.advance_to(offset)
    }

    /// The line of the first byte at or after `offset` that is not a line break: where a
    /// record starting at `offset` has its first character. CSV readers give a record the
    /// position of the end of the previous one, before any blank lines.
    pub fn line_of_text_at(&mut self, offset: u64) -> u64 {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        let mut start = offset.clamp(self.counted_to, self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        self.advance_to(start)
    }

    /// The line where `slice`, a slice of the counter's text, starts.
    pub fn line_of_slice<T: AsRef<[u8]> + ?Sized>(&mut self, slice: &T) -> u64 {
        let offset = (slice.as_ref().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        self.advance_to(offset)
    }

    /// Counts the line breaks between the last offset asked and `offset`.
    fn advance_to(&mut self, offset: usize) -> u64 {
        let offset = offset.clamp(self.counted_to, self.text.len());
        let breaks = self.text[self.counted_to..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.line += breaks as u64;
        self.counted_to = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_give_lines_forward_only() {
        let text = "a\nb\r\nc\n";
        let mut lines = LineCounter::new(text);
        assert_eq!(lines.line_at(0), 1);
        assert_eq!(lines.line_at(1), 1, "the line break ends its line");
        assert_eq!(lines.line_at(2), 2);
        assert_eq!(lines.line_at(5), 3, "CRLF counts once");
        assert_eq!(lines.line_at(2), 3, "never back");
        assert_eq!(lines.line_at(u64::MAX), 4, "past the end: after the last break");
    }

    #[test]
    fn records_skip_the_line_breaks_before_them() {
        let text = "h\r\n\r\n\r\nx\n";
        let mut lines = LineCounter::from_line(text, 2);
        assert_eq!(lines.line_of_text_at(1), 5);
        assert_eq!(lines.line_of_text_at(0), 5);
        let mut lines = LineCounter::new("h\n\n");
        assert_eq!(lines.line_of_text_at(1), 3, "only breaks to the end");
    }

    #[test]
    fn slices_are_located_in_their_text() {
        let text = "[\n  1,\n\n  2\n]";
        let mut lines = LineCounter::new(text);
        let one = text.find('1').unwrap();
        let two = text.find('2').unwrap();
        assert_eq!(lines.line_of_slice(&text[one..=one]), 2);
        assert_eq!(lines.line_of_slice(&text[two..=two]), 4);
        assert_eq!(lines.line_of_slice(&text[one..=one]), 4, "never back");
    }

    #[test]
    fn the_first_invalid_byte_has_its_line() {
        let bytes = b"a\nb\n\xff";
        assert_eq!(LineCounter::new(bytes).line_at(4), 3);
    }
}
