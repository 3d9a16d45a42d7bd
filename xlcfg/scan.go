package xlcfg

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/cnum"
)

// Token types of the lexer adapter. The token classes are libxlu's
// (libxlu_cfg_l.l), with a few lexical simplifications that keep the
// grammar small and cheap for participle (each token it matches, each
// choice it tries, costs it allocations):
//
//   - "=" and "+=" are one class (Op); strings and numbers are one class
//     (Atom: libxlu stores numbers as strings too).
//   - A name followed by an Op on its line (blanks between them) is one
//     Assign token. A name without an Op after it is an Ident, which the
//     grammar refuses wherever it is (see parseError).
//   - A run of statement ends (NEWLINE, ';', a comment with its newline)
//     is one End token, since the empty statements between them mean
//     nothing. A run at the very start of the file is dropped, and a file
//     that does not end with a statement end gets one where it ends, so
//     that every statement is "... End".
//   - The End that follows a string, a number or a ']' outside any list
//     (where a statement's value ends) is folded into that token, an
//     AtomEnd or RBrackEnd at its position.
//   - Inside a list, a ',' followed by a string or number is one
//     CommaAtom token, at the comma (the atom's position is kept in
//     commaAtoms). A ',' followed by ']' (blanks, newlines and comments
//     between them) is dropped after an item (a trailing comma, which
//     libxlu allows) and is a LastComma anywhere else, which the grammar
//     refuses: the grammar needs no backtracking over a trailing comma.
//
// Next does the folding, one token ahead of the scan.
//
// Tokens carry no Value: participle boxes every matched token's Value,
// which allocates unless it is empty. The text of a token is read back
// from the file through its offset, and an atom's decoded text and end
// are kept in the scanner's atom table, in file order.
const (
	tokEOF       = lexer.EOF
	tokIdent     = lexer.TokenType(-2 - iota) // [a-z][._0-9a-z]* not followed by an Op
	tokAssign                                 // [a-z][._0-9a-z]*, blanks, then = or +=
	tokOp                                     // = or += (not after a name)
	tokAtom                                   // '...', "..." or [0-9][0-9a-fx]*
	tokLBrack                                 // [
	tokRBrack                                 // ]
	tokComma                                  // , before an item
	tokLastComma                              // , before the ']' (a trailing comma)
	tokEnd                                    // a run of \n, ';' and comments; or the end of the file
	tokCommaAtom                              // a ',' inside a list, and the Atom after it
	tokAtomEnd                                // an Atom outside lists, and the End after it
	tokRBrackEnd                              // a ']' that closes a statement's list, and the End after it
	tokError                                  // where the scan stopped: a lexical error or a limit
)

var symbols = map[string]lexer.TokenType{
	"EOF": tokEOF, "Ident": tokIdent, "Assign": tokAssign, "Op": tokOp, "Atom": tokAtom, "LBrack": tokLBrack,
	"RBrack": tokRBrack, "Comma": tokComma, "LastComma": tokLastComma, "End": tokEnd,
	"CommaAtom": tokCommaAtom, "AtomEnd": tokAtomEnd, "RBrackEnd": tokRBrackEnd, "Error": tokError,
}

// eofEnd is the Value of the End token made up at the end of a file that
// does not end with a statement end (the only token with a Value).
const eofEnd = "EOF"

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

// atom is the scanner's record of one Atom token: its end offset, its
// decoded text (a number's text), and a string's escapes.
type atom struct {
	end     int
	str     string
	escapes []Escape
}

// scanner is the lexer adapter: it turns an xl.cfg file into participle
// tokens exactly as libxlu's flex lexer does (same token classes, same
// longest-match choices), with positions, and implements lexer.Lexer.
// It stops at the first lexical error, which libxlu also treats as fatal
// for the file: the stream then ends with an Error token where the bad
// token starts, then EOF, so that a syntax error before it is still
// reported first (libxlu's scanner runs in step with its parser and
// reports whichever it meets first).
//
// The limits are lexical too: the scanner refuses lists nested too deep at
// the '[' and lists too long just after their first item too many (the
// values directly inside a list are its items, in any prefix of the file
// that is still well formed), with an Error token at that point.
type scanner struct {
	filename string
	src      []byte
	str      string // src as a string, sliced for token values without copying
	off      int
	line     int
	lineOff  int // offset of the first byte of the current line
	depth    int // bracket nesting, to drop newlines inside lists
	tokStart int // offset of the token being scanned
	lim      domain.Limits
	// items[d] counts the items of the open list at depth d, open[d] is
	// the offset of its '['.
	items []int
	open  []int

	// nIdents and nLists count setting names and '['s: with the atoms,
	// they size the parse's tables exactly.
	nIdents, nLists int

	prev lexer.TokenType // the type of the last token scanned, 0 before the first
	ntok int             // tokens handed out
	// ahead is the token scanned after an Atom or ']' that could end a
	// statement, when it was not an End to fold into it; hasAhead says
	// it is there.
	ahead    lexer.Token
	hasAhead bool
	done     bool  // EOF handed out
	err      error // why the scan stopped early
	errOut   bool  // the Error token was handed out

	atoms []atom
	// commaAtoms are the positions of the atoms folded into CommaAtom
	// tokens, in file order.
	commaAtoms []lexer.Position
	comments   []Comment
	quirks     diag.List
}

// scanners holds scanners that a parse has finished with: their atom
// table and list counters are reused by the next parse.
var scanners = sync.Pool{New: func() any { return new(scanner) }}

// maxPooled is the largest table kept in scanners.
const maxPooled = 1024

// pooled returns s emptied for the pool, or nil if it is too big to keep.
func pooled[T any](s []T) []T {
	if cap(s) > maxPooled {
		return nil
	}
	return s[:0]
}

// newScanner returns a scanner of src, from scanners; release gives it back.
func newScanner(filename string, src []byte, lim domain.Limits) *scanner {
	s := scanners.Get().(*scanner)
	atoms, items, open, commas := s.atoms[:0], s.items[:0], s.open[:0], s.commaAtoms[:0]
	*s = scanner{filename: filename, src: src, str: string(src), lim: lim, line: 1, items: items, open: open, commaAtoms: commas}
	// About one atom per 20 bytes in real configs: size the table once
	// instead of growing it, up to a size that a huge file made of one
	// long string does not waste.
	if n := min(len(src)/20+4, maxPooled); cap(atoms) < n {
		atoms = make([]atom, 0, n)
	}
	s.atoms = atoms
	return s
}

// release puts s back into scanners once the parse is over: nothing that
// the parse returns refers to the scanner (the comments and quirks it
// handed over are dropped from it), and what it keeps of the file is
// cleared.
func (s *scanner) release() {
	clear(s.atoms)
	clear(s.commaAtoms)
	*s = scanner{atoms: pooled(s.atoms), items: pooled(s.items), open: pooled(s.open), commaAtoms: pooled(s.commaAtoms)}
	scanners.Put(s)
}

func (s *scanner) pos(off int) Position {
	return Position{Filename: s.filename, Offset: off, Line: s.line, Column: off - s.lineOff + 1}
}

func (s *scanner) lexPos(off int) lexer.Position {
	return lexer.Position{Filename: s.filename, Offset: off, Line: s.line, Column: off - s.lineOff + 1}
}

func (s *scanner) errorAt(p Position, format string, args ...any) error {
	return syntaxError(s.src, p, fmt.Sprintf(format, args...))
}

func (s *scanner) errorf(off int, format string, args ...any) error {
	return s.errorAt(s.pos(off), format, args...)
}

func isLower(c byte) bool  { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isIdent(c byte) bool  { return isLower(c) || isDigit(c) || c == '_' || c == '.' }
func isNumber(c byte) bool { return isDigit(c) || (c >= 'a' && c <= 'f') || c == 'x' }

// lexDefinition is the lexer.Definition of the grammar: it names the
// token types (symbols; held here so that the parser, built when the
// package is initialised, is built after the map). The tokens themselves
// come from a scanner through ParseFromLexer, so Lex is not used.
type lexDefinition struct{ symbols map[string]lexer.TokenType }

// Symbols implements lexer.Definition.
func (d lexDefinition) Symbols() map[string]lexer.TokenType { return d.symbols }

// Lex implements lexer.Definition; xlcfg scans with its own scanner.
func (lexDefinition) Lex(string, io.Reader) (lexer.Lexer, error) {
	return nil, fmt.Errorf("xlcfg: use Parse")
}

// Next implements lexer.Lexer: it returns the next token, and EOF (again
// and again) at the end. An Atom outside lists, or a ']' that leaves the
// outermost list, followed by an End becomes one AtomEnd or RBrackEnd; a
// Comma inside a list followed by an Atom becomes one CommaAtom.
func (s *scanner) Next() (lexer.Token, error) {
	s.ntok++
	if s.hasAhead {
		s.hasAhead = false
		return s.ahead, nil
	}
	t := s.scan()
	if t.Type == tokComma && s.depth > 0 {
		u := s.scan()
		if u.Type != tokAtom {
			s.ahead, s.hasAhead = u, true
			return t, nil
		}
		t.Type = tokCommaAtom
		s.commaAtoms = append(s.commaAtoms, u.Pos)
		return t, nil
	}
	if (t.Type == tokAtom || t.Type == tokRBrack) && s.depth == 0 {
		u := s.scan()
		if u.Type != tokEnd {
			s.ahead, s.hasAhead = u, true
			return t, nil
		}
		if t.Type == tokAtom {
			t.Type = tokAtomEnd
		} else {
			t.Type = tokRBrackEnd
		}
	}
	return t, nil
}

// scan returns the next token of libxlu's token classes (and End runs
// folded), before Next's folding of statement ends.
func (s *scanner) scan() lexer.Token {
	t := s.next()
	s.prev = t.Type
	return t
}

func (s *scanner) next() lexer.Token {
	if s.err != nil || s.done {
		if !s.errOut && s.err != nil {
			s.errOut = true
			return lexer.Token{Type: tokError, Pos: s.lexPos(s.tokStart)}
		}
		s.done = true
		return s.eof()
	}
	for s.off < len(s.src) {
		start := s.off
		s.tokStart = start
		c := s.src[start]
		switch {
		case c == ' ' || c == '\t':
			s.off++
		case c == '\n':
			s.off++
			if t, ok := s.end(start); ok {
				return t
			}
		case c == '#':
			end := start
			for end < len(s.src) && s.src[end] != '\n' {
				end++
			}
			if end == len(s.src) && start == len(s.src)-1 {
				if s.lexError(start) {
					return s.next()
				}
				continue
			}
			if end == len(s.src) {
				s.err = s.errorf(start, "comment at end of file has no newline (libxlu rejects it: lexical error)")
				return s.next()
			}
			s.comments = append(s.comments, Comment{Pos: s.pos(start), Text: s.str[start:end]})
			s.off = end + 1
			if t, ok := s.end(start); ok {
				return t
			}
		case isLower(c):
			end := start + 1
			for end < len(s.src) && isIdent(s.src[end]) {
				end++
			}
			s.nIdents++
			op := end
			for op < len(s.src) && (s.src[op] == ' ' || s.src[op] == '\t') {
				op++
			}
			if op < len(s.src) && s.src[op] == '=' {
				return s.emit(tokAssign, start, op+1)
			}
			if op+1 < len(s.src) && s.src[op] == '+' && s.src[op+1] == '=' {
				return s.emit(tokAssign, start, op+2)
			}
			return s.emit(tokIdent, start, end)
		case isDigit(c):
			end := start + 1
			for end < len(s.src) && isNumber(s.src[end]) {
				end++
			}
			s.item(false)
			s.atoms = append(s.atoms, atom{end: end, str: s.str[start:end]})
			return s.emit(tokAtom, start, end)
		case c == '\'' || c == '"':
			if !s.scanString(c) {
				return s.next()
			}
			s.item(false)
			return s.emit(tokAtom, start, s.atoms[len(s.atoms)-1].end)
		case c == '+' && start+1 < len(s.src) && s.src[start+1] == '=':
			return s.emit(tokOp, start, start+2)
		case c == '=':
			return s.emit(tokOp, start, start+1)
		case c == ';':
			s.off++
			if t, ok := s.end(start); ok {
				return t
			}
		case c == '[':
			s.item(true)
			s.depth++
			if s.depth > s.lim.MaxDepth {
				s.err = s.errorf(start, "lists nested deeper than %d", s.lim.MaxDepth)
				return s.next()
			}
			for len(s.items) <= s.depth {
				s.items = append(s.items, 0)
				s.open = append(s.open, 0)
			}
			s.items[s.depth], s.open[s.depth] = 0, start
			s.nLists++
			return s.emit(tokLBrack, start, start+1)
		case c == ']':
			if s.depth > 0 {
				s.depth--
			}
			t := s.emit(tokRBrack, start, start+1)
			if s.depth > 0 && s.items[s.depth] > s.lim.MaxListLen {
				s.listTooLong(s.depth) // this list was the item too many
			}
			return t
		case c == ',':
			if s.closes(start + 1) {
				if s.depth > 0 && (s.prev == tokAtom || s.prev == tokRBrack) {
					s.off++ // a trailing comma
					continue
				}
				return s.emit(tokLastComma, start, start+1)
			}
			return s.emit(tokComma, start, start+1)
		default:
			if s.lexError(start) {
				return s.next()
			}
		}
	}
	s.done = true
	if s.prev != tokEnd && s.prev != 0 {
		t := s.eof()
		t.Type, t.Value = tokEnd, eofEnd
		return t
	}
	return s.eof()
}

// eof is the EOF token. The end of a file that ends with a newline is
// reported at that newline (the end of the last line, as libxlu counts
// lines), not on the empty line after it.
func (s *scanner) eof() lexer.Token {
	if n := len(s.src); n > 0 && s.src[n-1] == '\n' {
		p := posIn(s.filename, s.src, n-1)
		return lexer.Token{Type: tokEOF, Pos: lexer.Position(p)}
	}
	return lexer.Token{Type: tokEOF, Pos: s.lexPos(s.off)}
}

// end handles a statement end (a newline, a comment or ';') at start,
// whose bytes the caller has consumed. Inside brackets newlines and
// comments are dropped: libxlu's grammar allows them between any two
// tokens of a list. It returns the End token to hand out, if any: only
// the first of a run, and none at the start of the file.
func (s *scanner) end(start int) (lexer.Token, bool) {
	c := s.src[start]
	t := lexer.Token{Type: tokEnd, Pos: s.lexPos(start)}
	if c != ';' {
		s.line++
		s.lineOff = s.off
	}
	if c != ';' && s.depth > 0 {
		return t, false
	}
	if s.prev == tokEnd || s.prev == 0 {
		return t, false
	}
	return t, true
}

// closes reports whether the next token from off is a ']', over blanks,
// newlines and comments (which a list may hold anywhere).
func (s *scanner) closes(off int) bool {
	for off < len(s.src) {
		switch s.src[off] {
		case ' ', '\t', '\n':
			off++
		case '#':
			for off < len(s.src) && s.src[off] != '\n' {
				off++
			}
		case ']':
			return true
		default:
			return false
		}
	}
	return false
}

// emit returns a token of type typ at start and moves to end.
func (s *scanner) emit(typ lexer.TokenType, start, end int) lexer.Token {
	t := lexer.Token{Type: typ, Pos: s.lexPos(start)}
	s.off = end
	return t
}

// item counts a value that starts inside a list (list says it is a '[').
// Past the limit the scanner stops just after the item: at once for a
// string or number, at its ']' for a list (see the ']' case of next).
func (s *scanner) item(list bool) {
	if s.depth == 0 {
		return
	}
	s.items[s.depth]++
	if s.items[s.depth] > s.lim.MaxListLen && !list {
		s.listTooLong(s.depth)
	}
}

// listTooLong stops the scan after the token being handed out: the list
// at depth d has too many items.
func (s *scanner) listTooLong(d int) {
	if s.err != nil {
		return
	}
	p := posIn(s.filename, s.src, s.open[d])
	s.err = s.errorAt(p, "list is longer than the limit of %d items", s.lim.MaxListLen)
	s.tokStart = s.off
}

// lexError stops the scan with libxlu's "lexical error" for the bad text at
// off, and returns true. As the very last byte of the file the bad byte is
// ignored instead: libxlu's lexer enters its error state on it, meets the
// end of the file there and stops without reporting anything. lexError
// then records a quirk, moves to the end and returns false.
func (s *scanner) lexError(off int) bool {
	if off == len(s.src)-1 {
		p := s.pos(off)
		end := p
		end.Offset++
		end.Column++
		s.quirks = append(s.quirks, diag.New(RuleStrayByte, diag.InFile(s.filename, p.Diag(), end.Diag()),
			"libxlu silently ignores the stray byte %q at the very end of the file (anywhere else it is a lexical error)", string(s.src[off])))
		s.off = len(s.src)
		return false
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
		s.err = s.errorf(off, "lexical error: carriage return (DOS line ending); libxlu accepts only \\n")
		return true
	case c == 0:
		s.err = s.errorf(off, "lexical error: NUL byte")
		return true
	case c >= 'A' && c <= 'Z':
		hint = " (setting names are lower case)"
	case c == '\'' || c == '"':
		hint = " (unterminated string: strings end on the same line)"
	case strings.IndexByte("+-.():", c) >= 0:
		hint = " (this looks like Python, which xl no longer supports)"
	}
	s.err = s.errorf(off, "lexical error near %q%s", text, hint)
	return true
}

// scanString lexes a quoted string, decodes it like xlu__cfgl_dequote and
// adds it to the atom table. It returns false when the scan stopped (an
// error, or the stray-last-byte quirk).
func (s *scanner) scanString(q byte) bool {
	start := s.off
	// Find the end first, as flex does: ([^q\\\n]|\\.)* then q.
	end := start + 1
	for {
		if end >= len(s.src) || s.src[end] == '\n' {
			s.lexError(start)
			return false
		}
		c := s.src[end]
		if c == q {
			break
		}
		if c == '\\' {
			if end+1 >= len(s.src) || s.src[end+1] == '\n' {
				s.lexError(start)
				return false
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
		s.err = s.errorf(start+1+i, "NUL byte in quoted string (libxlu truncates or aborts on it)")
		return false
	}
	if bytes.IndexByte(body, '\\') < 0 {
		s.atoms = append(s.atoms, atom{end: end, str: s.str[start+1 : end-1]})
		return true
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
			s.err = s.errorf(start+i, "invalid digit after backslash hex numerical character escape in quoted string (libxlu rejects every \\x escape)")
			return false
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n := octalTail(s.str[start+i+2 : end])
			if n < 2 {
				s.err = s.errorf(start+i, "invalid digit after backslash octal numerical character escape in quoted string")
				return false
			}
			e.RawLen = 2 + n
			e.DecodedLen = 0
			e.Octal = true
			p := s.pos(start + i)
			qe := p
			qe.Offset += e.RawLen
			qe.Column += e.RawLen
			s.quirks = append(s.quirks, diag.New(RuleOctalEscape, diag.InFile(s.filename, p.Diag(), qe.Diag()),
				"libxlu drops the octal escape %q: it produces no byte at all", string(raw[i:i+e.RawLen])))
		default:
			s.err = s.errorf(start+i, "invalid character %q after backslash in quoted string", string(nc))
			return false
		}
		escs = append(escs, e)
		i += e.RawLen
	}
	s.atoms = append(s.atoms, atom{end: end, str: b.String(), escapes: escs})
	return true
}

// octalTail returns how many bytes libxlu's octal escape swallows after its
// first digit, given the text after that digit up to the end of the token
// (closing quote included): it copies up to three bytes (the quote too,
// as the token is NUL-terminated right after it) and runs strtoul(..., 10)
// on them, which skips leading white space, takes a sign, then decimal
// digits. The value is never stored. A result below 2 is an error in
// libxlu.
func octalTail(rest string) int {
	if len(rest) > 3 {
		rest = rest[:3]
	}
	_, end, _ := cnum.Strtoul(rest, 0, 10)
	return end
}
