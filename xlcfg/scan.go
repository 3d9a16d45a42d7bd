package xlcfg

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token types of the xl.cfg lexer, mirroring libxlu_cfg_l.l.
const (
	tokEOF     = lexer.EOF
	tokIdent   = lexer.TokenType(-2 - iota) // [a-z][._0-9a-z]*
	tokNumber                               // [0-9][0-9a-fx]*
	tokString                               // '...' or "..." (Value is the decoded text)
	tokNewline                              // \n, or a # comment with its \n
	tokPunct                                // , [ ] = += ;
	tokError                                // where a lexical error stopped the scan
)

var symbols = map[string]lexer.TokenType{
	"EOF":     tokEOF,
	"Ident":   tokIdent,
	"Number":  tokNumber,
	"String":  tokString,
	"Newline": tokNewline,
	"Punct":   tokPunct,
	"Error":   tokError,
}

// Escape records one backslash escape of a quoted string: where it is in
// the raw token, how many bytes it spans there, and how many bytes it became
// in the decoded text (0 for an octal escape, which libxlu drops).
type Escape struct {
	// RawOffset is the offset of the backslash inside the raw token
	// (the opening quote is at 0).
	RawOffset int
	// RawLen is the length of the escape in the raw token.
	RawLen int
	// DecodedOffset is where the escape's output starts in the decoded text.
	DecodedOffset int
	// DecodedLen is 1, or 0 for an octal escape (libxlu drops those).
	DecodedLen int
	// Octal is true for an octal escape.
	Octal bool
}

// Comment is a # comment of the file.
type Comment struct {
	// Pos is the position of the '#'.
	Pos Position
	// Text is the comment from '#' up to, not including, the newline.
	Text string
}

// token is one scanned token, compactly: the fast parser reads these, and
// participle gets them as lexer.Tokens (see lexerToken) only when it must
// re-check a refused file. Offsets fit in int32: files are at most
// Limits.MaxFileSize bytes, which ParseLimits checks first.
type token struct {
	typ        lexer.TokenType
	start, end int32 // byte offsets of the token in the file
	line, col  int32 // 1-based position of start
	// val is the token's text: the decoded text of a string, the matched
	// text otherwise.
	val string
}

// scanned is the lexer's output: the tokens plus side tables.
type scanned struct {
	tokens   []token
	escapes  map[int][]Escape // by token start offset
	comments []Comment
	quirks   []Quirk
}

// QuirkKind classifies a Quirk.
type QuirkKind int

// The quirks of libxlu that Parse accepts, as libxlu does, but records.
const (
	// QuirkOctalEscape: an octal escape, which libxlu drops along with
	// the bytes after it that strtoul takes.
	QuirkOctalEscape QuirkKind = iota + 1
	// QuirkStrayLastByte: a byte that is a lexical error anywhere else is
	// ignored as the very last byte of the file.
	QuirkStrayLastByte
)

// Quirk is something libxlu accepts but probably not as its author meant.
type Quirk struct {
	// Pos is where the quirk starts; Len is its length in bytes.
	Pos Position
	Len int
	// Kind classifies the quirk.
	Kind QuirkKind
	// Msg explains what libxlu does with the text.
	Msg string
}

// scanner turns an xl.cfg file into tokens exactly as libxlu's flex lexer
// does (same token classes, same longest-match choices), with positions.
type scanner struct {
	filename string
	src      []byte
	str      string // src as a string, sliced for token values without copying
	off      int
	line     int
	lineOff  int // offset of the first byte of the current line
	depth    int // bracket nesting, to drop newlines inside lists
	tokStart int // offset of the token being scanned
	// nValues counts strings, numbers and '['s, nIdents setting names:
	// upper bounds of the parser's values and settings.
	nValues, nIdents int
	out              scanned
	lim              Limits
}

func (s *scanner) pos(off int) Position {
	return Position{Filename: s.filename, Offset: off, Line: s.line, Column: off - s.lineOff + 1}
}

// add appends a token of type typ at start..end, on the current line.
func (s *scanner) add(typ lexer.TokenType, start, end int, value string) {
	switch {
	case typ == tokIdent:
		s.nIdents++
	case typ == tokString || typ == tokNumber || (typ == tokPunct && value == "["):
		s.nValues++
	}
	if len(s.out.tokens) == cap(s.out.tokens) {
		// Double, rather than append's 1.25x for large slices: a huge
		// file then allocates about twice its final table, not five times.
		s.out.tokens = slices.Grow(s.out.tokens, len(s.out.tokens))
	}
	s.out.tokens = append(s.out.tokens, token{typ: typ, start: int32(start), end: int32(end),
		line: int32(s.line), col: int32(start - s.lineOff + 1), val: value})
}

// tokPos is the position of token t.
func (s *scanner) tokPos(t *token) Position {
	return Position{Filename: s.filename, Offset: int(t.start), Line: int(t.line), Column: int(t.col)}
}

// lexerToken converts t for participle.
func (s *scanner) lexerToken(t *token) lexer.Token {
	return lexer.Token{Type: t.typ, Value: t.val,
		Pos: lexer.Position{Filename: s.filename, Offset: int(t.start), Line: int(t.line), Column: int(t.col)}}
}

func (s *scanner) errorf(off int, format string, args ...any) *Error {
	return &Error{Pos: s.pos(off), Msg: fmt.Sprintf(format, args...)}
}

func isLower(c byte) bool  { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isIdent(c byte) bool  { return isLower(c) || isDigit(c) || c == '_' || c == '.' }
func isNumber(c byte) bool { return isDigit(c) || (c >= 'a' && c <= 'f') || c == 'x' }

// scan lexes the whole file. It stops at the first lexical error, which
// libxlu also treats as fatal for the file; the token stream then ends
// with a tokError token where the bad token starts, then EOF, so that the
// parser can tell whether a syntax error comes first (libxlu's scanner runs
// in step with its parser and reports whichever it meets first).
func (s *scanner) scan() error {
	err := s.scanAll()
	if err != nil {
		s.add(tokError, s.tokStart, s.tokStart, "")
		s.add(tokEOF, s.tokStart, s.tokStart, "")
	}
	return err
}

func (s *scanner) scanAll() error {
	s.line = 1
	for s.off < len(s.src) {
		start := s.off
		s.tokStart = start
		c := s.src[start]
		switch {
		case c == ' ' || c == '\t':
			s.off++
		case c == '\n':
			s.off++
			s.emitNewline(start)
		case c == '#':
			end := start
			for end < len(s.src) && s.src[end] != '\n' {
				end++
			}
			if end == len(s.src) && start == len(s.src)-1 {
				if err := s.lexError(start); err != nil {
					return err
				}
				continue
			}
			if end == len(s.src) {
				return s.errorf(start, "comment at end of file has no newline (libxlu rejects it: lexical error)")
			}
			s.out.comments = append(s.out.comments, Comment{Pos: s.pos(start), Text: s.str[start:end]})
			s.off = end + 1
			s.emitNewline(start)
		case isLower(c):
			end := start + 1
			for end < len(s.src) && isIdent(s.src[end]) {
				end++
			}
			s.emit(tokIdent, start, end, s.str[start:end])
		case isDigit(c):
			end := start + 1
			for end < len(s.src) && isNumber(s.src[end]) {
				end++
			}
			s.emit(tokNumber, start, end, s.str[start:end])
		case c == '\'' || c == '"':
			if err := s.scanString(c); err != nil {
				return err
			}
		case c == '+' && start+1 < len(s.src) && s.src[start+1] == '=':
			s.emit(tokPunct, start, start+2, "+=")
		case c == '[':
			s.depth++
			if s.depth > s.lim.MaxDepth {
				return s.errorf(start, "lists nested deeper than %d", s.lim.MaxDepth)
			}
			s.emit(tokPunct, start, start+1, "[")
		case c == ']':
			if s.depth > 0 {
				s.depth--
			}
			s.emit(tokPunct, start, start+1, "]")
		case c == ',' || c == '=' || c == ';':
			s.emit(tokPunct, start, start+1, s.str[start:start+1])
		default:
			if err := s.lexError(start); err != nil {
				return err
			}
		}
	}
	// The end of a file that ends with a newline is reported at that
	// newline (the end of the last line, as libxlu counts lines), not on
	// the empty line after it.
	eof := token{typ: tokEOF, start: int32(s.off), end: int32(s.off), line: int32(s.line), col: int32(s.off - s.lineOff + 1)}
	if n := len(s.src); n > 0 && s.src[n-1] == '\n' {
		p := posIn(s.filename, s.src, n-1)
		eof.start, eof.line, eof.col = int32(p.Offset), int32(p.Line), int32(p.Column)
	}
	s.out.tokens = append(s.out.tokens, eof)
	return nil
}

// lexError reports libxlu's "lexical error" for the bad text at off. As
// the very last byte of the file the bad byte is ignored instead: libxlu's
// lexer enters its error state on it, meets the end of the file there and
// stops without reporting anything. lexError then records a quirk, moves to
// the end and returns nil.
func (s *scanner) lexError(off int) error {
	if off == len(s.src)-1 {
		s.out.quirks = append(s.out.quirks, Quirk{Pos: s.pos(off), Len: 1, Kind: QuirkStrayLastByte,
			Msg: fmt.Sprintf("libxlu silently ignores the stray byte %q at the very end of the file (anywhere else it is a lexical error)", string(s.src[off]))})
		s.off = len(s.src)
		return nil
	}
	end := off + 1
	for end < len(s.src) && s.src[end] != ' ' && s.src[end] != '\t' && s.src[end] != '\n' {
		end++
	}
	text := string(s.src[off:end])
	c := s.src[off]
	var hint string
	switch {
	case c == '\r':
		return s.errorf(off, "lexical error: carriage return (DOS line ending); libxlu accepts only \\n")
	case c == 0:
		return s.errorf(off, "lexical error: NUL byte")
	case c >= 'A' && c <= 'Z':
		hint = " (setting names are lower case)"
	case c == '\'' || c == '"':
		hint = " (unterminated string: strings end on the same line)"
	case strings.IndexByte("+-.():", c) >= 0:
		hint = " (this looks like Python, which xl no longer supports)"
	}
	return s.errorf(off, "lexical error near %q%s", text, hint)
}

func (s *scanner) emit(typ lexer.TokenType, start, end int, value string) {
	s.add(typ, start, end, value)
	s.off = end
}

// emitNewline emits a NEWLINE token starting at start (the newline itself or
// a comment) and moves to the next line. Inside brackets newlines are
// dropped: libxlu's grammar allows them between any two tokens of a list.
func (s *scanner) emitNewline(start int) {
	if s.depth == 0 {
		s.add(tokNewline, start, s.off, "\n")
	}
	s.line++
	s.lineOff = s.off
}

// scanString lexes a quoted string and decodes it like xlu__cfgl_dequote.
func (s *scanner) scanString(q byte) error {
	start := s.off
	// Find the end first, as flex does: ([^q\\\n]|\\.)* then q.
	end := start + 1
	for {
		if end >= len(s.src) || s.src[end] == '\n' {
			return s.lexError(start)
		}
		c := s.src[end]
		if c == q {
			break
		}
		if c == '\\' {
			if end+1 >= len(s.src) || s.src[end+1] == '\n' {
				return s.lexError(start)
			}
			end += 2
			continue
		}
		end++
	}
	end++ // past the closing quote
	raw := s.src[start:end]
	body := raw[1 : len(raw)-1]
	if i := bytes.IndexByte(body, 0); i >= 0 {
		return s.errorf(start+1+i, "NUL byte in quoted string (libxlu truncates or aborts on it)")
	}
	if bytes.IndexByte(body, '\\') < 0 {
		s.emit(tokString, start, end, s.str[start+1:end-1])
		return nil
	}
	var b strings.Builder
	var escs []Escape
	for i := 1; i < len(raw)-1; {
		c := raw[i]
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		nc := raw[i+1]
		e := Escape{RawOffset: i, RawLen: 2, DecodedOffset: b.Len(), DecodedLen: 1}
		switch nc {
		case '"', '\'', '\\':
			b.WriteByte(nc)
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'x':
			// libxlu skips one more byte and then demands more than two hex
			// digits out of a two-byte buffer: every \x escape is an error.
			return s.errorf(start+i, "invalid digit after backslash hex numerical character escape in quoted string (libxlu rejects every \\x escape)")
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n := octalTail(raw[i+2 : len(raw)])
			if n < 2 {
				return s.errorf(start+i, "invalid digit after backslash octal numerical character escape in quoted string")
			}
			e.RawLen = 2 + n
			e.DecodedLen = 0
			e.Octal = true
			s.out.quirks = append(s.out.quirks, Quirk{Pos: s.pos(start + i), Len: e.RawLen, Kind: QuirkOctalEscape,
				Msg: fmt.Sprintf("libxlu drops the octal escape %q: it produces no byte at all", string(raw[i:i+e.RawLen]))})
		default:
			return s.errorf(start+i, "invalid character %q after backslash in quoted string", string(nc))
		}
		escs = append(escs, e)
		i += e.RawLen
	}
	if s.out.escapes == nil {
		s.out.escapes = map[int][]Escape{}
	}
	s.out.escapes[start] = escs
	s.emit(tokString, start, end, b.String())
	return nil
}

// octalTail returns how many bytes libxlu's octal escape swallows after its
// first digit: it copies up to three bytes (the closing quote included, as
// the token is NUL-terminated right after it) and runs strtoul(..., 10) on
// them, which skips leading white space, takes a sign, then decimal digits.
// The value is never stored. A result below 2 is an error in libxlu.
func octalTail(rest []byte) int {
	if len(rest) > 3 {
		rest = rest[:3]
	}
	i := 0
	for i < len(rest) && (rest[i] == ' ' || (rest[i] >= '\t' && rest[i] <= '\r')) {
		i++
	}
	if i < len(rest) && (rest[i] == '+' || rest[i] == '-') {
		i++
	}
	d := i
	for i < len(rest) && isDigit(rest[i]) {
		i++
	}
	if i == d {
		return 0 // no conversion: strtoul sets ep to the start
	}
	return i
}
