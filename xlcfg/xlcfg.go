// Package xlcfg reads Xen xl domain configuration files (xl.cfg) exactly as
// Xen 4.17's libxlu does (tools/libs/util/libxlu_cfg_l.l, libxlu_cfg_y.y,
// libxlu_cfg.c), keeping the position and raw source text of every value so
// that diagnostics about a disk spec can point at the right line and column,
// through quotes and backslash escapes.
//
// The syntax: statements "name = value" or "name += value", ended by a
// newline or ';' (the last one may end at the end of the file); names are
// [a-z][._0-9a-z]*; values are single- or double-quoted strings, numbers
// ([0-9][0-9a-fx]*, kept as text), or lists in [ ... ] (nested, a trailing
// comma allowed, newlines allowed anywhere inside); '#' starts a comment that
// runs to the newline, which must be there.
//
// libxlu quirks that xlcfg reproduces: every \x escape is an error; an
// octal escape (\ then 0-7) swallows the next bytes that strtoul(...,10)
// takes from a three-byte window and produces nothing; a comment on the last
// line without a final newline is a lexical error; a carriage return is a
// lexical error; yet any lexically bad byte (a lone '#', quote, '+', '\r')
// is silently ignored when it is the very last byte of the file; "+="
// appends to the last setting of that name (strings are concatenated, lists
// joined; mixing them is an error).
//
// The grammar is written for participle (astFile and friends), the
// reference; a hand-written recursive-descent parser implements the same
// grammar without reflection, for speed and for exact error positions (it
// reports the first error in libxlu's order). Every file the fast parser
// refuses is also run through participle, which must refuse it too; tests
// and FuzzParseConfig check that both accept the same files with the same
// settings.
// Oracle tests (go test -tags oracle) compare the settings read with
// libxlu's xlu_cfg_readdata on a corpus and on generated files.
//
// Limits (DefaultLimits: 1 MiB, lists nested 16 deep, 4096 items per list)
// bound what Parse accepts; past them it returns an *Error that says which.
package xlcfg

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Limits bound what Parse accepts, so that hostile input cannot make it use
// unbounded time or memory. Past a limit Parse returns an *Error saying which.
type Limits struct {
	// MaxFileSize is the largest file accepted, in bytes.
	MaxFileSize int
	// MaxDepth is the deepest list nesting accepted ([[x]] is depth 2).
	MaxDepth int
	// MaxListLen is the longest list accepted (items of one list).
	MaxListLen int
}

// DefaultLimits are the limits of Parse: 1 MiB files (real xl.cfg files
// are a few KiB), lists nested 16 deep, 4096 items in one list (libxl
// supports far fewer disks than that).
var DefaultLimits = Limits{MaxFileSize: 1 << 20, MaxDepth: 16, MaxListLen: 4096}

// Position is a place in a file. Line and Column are 1-based; Column counts
// bytes. Offset is the 0-based byte offset.
type Position struct {
	// Filename is the name given to Parse (may be empty).
	Filename string
	// Offset is the 0-based byte offset in the file.
	Offset int
	// Line is the 1-based line number.
	Line int
	// Column is the 1-based column, in bytes.
	Column int
}

// String renders "file:line:col" (or "line:col" without a file name).
func (p Position) String() string {
	if p.Filename == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}

// Error is a positioned error from Parse.
type Error struct {
	// Pos is where the error is.
	Pos Position
	// Msg says what is wrong and, for a syntax error, what was expected.
	Msg string
}

// Error renders "file:line:col: message".
func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Kind is the kind of a Value.
type Kind int

// The kinds of values. libxlu stores numbers as strings; Number tells them
// apart for diagnostics only.
const (
	String Kind = iota
	Number
	List
)

// String returns "string", "number" or "list".
func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Number:
		return "number"
	case List:
		return "list"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Op is the operator of a setting.
type Op int

// The operators.
const (
	Assign Op = iota // =
	Append           // +=
)

// String returns "=" or "+=".
func (o Op) String() string {
	if o == Append {
		return "+="
	}
	return "="
}

// Value is a value of the file: a string or number atom, or a list.
type Value struct {
	// Kind says whether the value is a string, a number or a list.
	Kind Kind
	// Str is the decoded text of a string, or the text of a number.
	Str string
	// Items are the elements of a list.
	Items []*Value
	// Pos is where the value starts (its opening quote or bracket); End is
	// just past its last byte.
	Pos, End Position
	// Raw is the source text of the value, quotes and escapes included.
	Raw string
	// Quote is the quote character of a string ('\'' or '"'), else 0.
	Quote byte
	// Escapes lists the backslash escapes of a string, in order.
	Escapes []Escape
}

// Setting is one "name = value" or "name += value" statement.
type Setting struct {
	// Name is the setting's name, NamePos where it starts.
	Name    string
	NamePos Position
	// Op is Assign ("=") or Append ("+=").
	Op Op
	// Value is the value assigned or appended.
	Value *Value
}

// File is a parsed xl.cfg file.
type File struct {
	// Filename is the name given to Parse.
	Filename string
	// Src is the file's content.
	Src []byte
	// Settings are the statements in file order (a name may repeat).
	Settings []*Setting
	// Comments are the file's comments in order.
	Comments []Comment
	// Quirks are libxlu oddities the file relies on, in order.
	Quirks []Quirk
}

// The participle grammar. The scanner has already dropped newlines inside
// brackets, so a list needs no newline handling here.
type astFile struct {
	Stmts []*astStmt `parser:"( @@ | Newline | \";\":Punct )*"`
}

type astStmt struct {
	Pos   lexer.Position
	Name  string    `parser:"@Ident"`
	Op    string    `parser:"@( \"=\":Punct | \"+=\":Punct )"`
	Value *astValue `parser:"@@ ( Newline | \";\":Punct | EOF )"`
}

type astValue struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Str    *string  `parser:"(  @String"`
	Num    *string  `parser:" | @Number"`
	List   *astList `parser:" | \"[\":Punct @@ \"]\":Punct )"`
}

type astList struct {
	Items []*astValue `parser:"( @@ ( \",\":Punct @@ )* \",\":Punct? )?"`
}

type sliceLexer struct {
	toks []lexer.Token
	i    int
}

// Next implements lexer.Lexer; past the end it repeats the last (EOF) token.
func (l *sliceLexer) Next() (lexer.Token, error) {
	if l.i >= len(l.toks) {
		return l.toks[len(l.toks)-1], nil
	}
	t := l.toks[l.i]
	l.i++
	return t, nil
}

// lexDefinition gives participle the token names; the tokens themselves
// come from scanner through ParseFromLexer.
type lexDefinition struct{}

// Symbols implements lexer.Definition.
func (lexDefinition) Symbols() map[string]lexer.TokenType { return symbols }

// Lex implements lexer.Definition; xlcfg scans with its own scanner.
func (lexDefinition) Lex(string, io.Reader) (lexer.Lexer, error) {
	return nil, errors.New("xlcfg: use Parse")
}

var parser = participle.MustBuild[astFile](
	participle.Lexer(lexDefinition{}),
)

// Parse reads an xl.cfg file with DefaultLimits. filename is used in
// positions only.
func Parse(filename string, src []byte) (*File, error) {
	return ParseLimits(filename, src, DefaultLimits)
}

// ParseLimits is Parse with explicit limits.
//
// The tokens go through the hand-written parser (fastParser), which
// implements exactly the participle grammar above. A file it refuses is
// parsed again with participle as a cross-check (a disagreement is
// reported as an internal error), and the first error in file order is
// returned, as libxlu reports it first: a syntax error or a "+=" of the
// wrong kind before a lexical error wins over it.
func ParseLimits(filename string, src []byte, lim Limits) (*File, error) {
	if len(src) > lim.MaxFileSize {
		return nil, &Error{Pos: Position{Filename: filename, Line: 1, Column: 1}, Msg: fmt.Sprintf("file is %d bytes, larger than the limit of %d", len(src), lim.MaxFileSize)}
	}
	s := &scanner{filename: filename, src: src, str: string(src), lim: lim}
	// About one token per 7 bytes in real configs: size the token table
	// once instead of growing it. Past a few thousand tokens (a config far
	// larger than real ones) let it grow instead, so that a huge file that
	// is one long string does not get megabytes of table it never uses.
	n := min(len(src)/6+16, 4096)
	s.out.tokens = make([]token, 0, n)
	lexErr := s.scan()
	f := &File{Filename: filename, Src: src, Comments: s.out.comments, Quirks: s.out.quirks}
	p := fastParser{s: s, f: f, lim: lim}
	// The scanner counted the values and setting names: one exactly sized
	// chunk of each holds the whole file.
	p.vals = make([]Value, 0, s.nValues)
	p.sets = make([]Setting, 0, s.nIdents)
	if s.nIdents > 0 {
		f.Settings = make([]*Setting, 0, s.nIdents)
	}
	if p.parse() && lexErr == nil {
		return f, nil
	}
	// The reference grammar must refuse the file too.
	if _, err := parseParticiple(s, lim); err == nil {
		return nil, &Error{Pos: p.pos(p.i), Msg: "internal error: xlcfg's parsers disagree on this file (please report it)"}
	}
	if p.err != nil {
		return nil, p.err // an error before the lexical one, if any
	}
	return nil, lexErr
}

// parseParticiple parses the scanned tokens with the participle grammar.
func parseParticiple(s *scanner, lim Limits) (*File, error) {
	toks := make([]lexer.Token, len(s.out.tokens))
	for i := range s.out.tokens {
		toks[i] = s.lexerToken(&s.out.tokens[i])
	}
	pl, err := lexer.Upgrade(&sliceLexer{toks: toks})
	if err != nil {
		return nil, err
	}
	ast, err := parser.ParseFromLexer(pl)
	if err != nil {
		return nil, convertError(s.filename, s.src, err)
	}
	f := &File{Filename: s.filename, Src: s.src, Comments: s.out.comments, Quirks: s.out.quirks}
	b := builder{f: f, s: s, lim: lim}
	for _, st := range ast.Stmts {
		v, err := b.value(st.Value)
		if err != nil {
			return nil, err
		}
		set := &Setting{Name: st.Name, NamePos: b.pos(st.Pos), Value: v}
		if st.Op == "+=" {
			set.Op = Append
		}
		f.Settings = append(f.Settings, set)
	}
	if err := f.checkAppends(); err != nil {
		return nil, err
	}
	return f, nil
}

// convertError turns a participle error into an *Error with libxlu-like
// wording.
func convertError(filename string, src []byte, err error) error {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return err
	}
	lp := perr.Position()
	pos := Position{Filename: filename, Offset: lp.Offset, Line: lp.Line, Column: lp.Column}
	msg := perr.Message()
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		msg = "syntax error, unexpected " + describeToken(ute.Unexpected.Type, ute.Unexpected.Value)
		if ute.Expect != "" {
			msg += ", expected " + ute.Expect
		} else if i := strings.Index(perr.Message(), "(expected "); i >= 0 {
			msg += ", expected " + strings.TrimSuffix(perr.Message()[i+len("(expected "):], ")")
		}
	}
	msg = strings.NewReplacer(
		`AstValue (<newline> | ";" | <eof>)`, "a value (a string, a number or a [list])",
		`(<newline> | ";" | <eof>)`, "a newline or ';'",
		"AstValue", "a value",
		"AstStmt", "a setting",
	).Replace(msg)
	return &Error{Pos: pos, Msg: msg}
}

// describeToken names a token of type typ and text val in a message.
func describeToken(typ lexer.TokenType, val string) string {
	switch typ {
	case tokEOF:
		return "end of file"
	case tokNewline:
		return "newline"
	case tokString:
		return fmt.Sprintf("string %q", val)
	case tokNumber:
		return "number " + val
	case tokIdent:
		return "name " + val
	}
	return fmt.Sprintf("%q", val)
}

type builder struct {
	f   *File
	s   *scanner
	lim Limits
}

// pos converts a participle position; its Line/Column were computed by our
// scanner so they are already byte based.
func (b *builder) pos(p lexer.Position) Position {
	return Position{Filename: p.Filename, Offset: p.Offset, Line: p.Line, Column: p.Column}
}

// posAt computes the position of a byte offset from scratch.
func (b *builder) posAt(off int) Position {
	return posIn(b.f.Filename, b.f.Src, off)
}

func posIn(filename string, src []byte, off int) Position {
	if off > len(src) {
		off = len(src)
	}
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	ls := bytes.LastIndexByte(src[:off], '\n') + 1
	return Position{Filename: filename, Offset: off, Line: line, Column: off - ls + 1}
}

func (b *builder) value(a *astValue) (*Value, error) {
	v := &Value{Pos: b.pos(a.Pos)}
	endOff := a.EndPos.Offset
	switch {
	case a.Str != nil:
		v.Kind = String
		v.Str = *a.Str
		v.Quote = b.f.Src[a.Pos.Offset]
		v.Escapes = b.s.out.escapes[a.Pos.Offset]
	case a.Num != nil:
		v.Kind = Number
		v.Str = *a.Num
	default:
		v.Kind = List
		if len(a.List.Items) > b.lim.MaxListLen {
			return nil, &Error{Pos: v.Pos, Msg: fmt.Sprintf("list is longer than the limit of %d items", b.lim.MaxListLen)}
		}
		for _, it := range a.List.Items {
			iv, err := b.value(it)
			if err != nil {
				return nil, err
			}
			v.Items = append(v.Items, iv)
		}
	}
	// EndPos is the start of the next token; trim back to the value's end.
	endOff = b.valueEnd(a, v)
	v.End = v.Pos
	v.End.Offset = endOff
	v.End.Column += endOff - a.Pos.Offset
	if v.Kind == List {
		v.End = b.posAt(endOff)
	}
	v.Raw = string(b.f.Src[a.Pos.Offset:endOff])
	return v, nil
}

// valueEnd finds the offset just past the value's last byte.
func (b *builder) valueEnd(a *astValue, v *Value) int {
	src := b.f.Src
	switch v.Kind {
	case Number:
		return a.Pos.Offset + len(v.Str)
	case String:
		q := src[a.Pos.Offset]
		i := a.Pos.Offset + 1
		for src[i] != q {
			if src[i] == '\\' {
				i++
			}
			i++
		}
		return i + 1
	}
	// A list ends at the ']' just before the next token (EndPos), skipping
	// back over blanks, newlines and comments is not needed: search forward
	// from the last item instead.
	i := a.Pos.Offset + 1
	if n := len(v.Items); n > 0 {
		i = v.Items[n-1].End.Offset
	}
	for i < len(src) && src[i] != ']' {
		if src[i] == '#' { // a comment inside the list
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		}
		i++
	}
	return i + 1
}

// checkAppends reproduces libxlu's check that "+=" joins values of one kind.
func (f *File) checkAppends() error {
	last := map[string]bool{}
	for _, s := range f.Settings {
		isList := s.Value.Kind == List
		if prev, ok := last[s.Name]; ok && s.Op == Append && prev != isList {
			return appendKindError(s, prev)
		}
		last[s.Name] = isList
	}
	return nil
}

// appendKindError is the error for a "+=" whose value is not of the kind
// of the setting it extends. It points at the value; libxlu reports the
// line where the value ends.
func appendKindError(s *Setting, prevList bool) *Error {
	kind := map[bool]string{true: "a [list]", false: "a \"string\""}
	return &Error{Pos: s.Value.Pos, Msg: fmt.Sprintf("can't add %s to %s with += (setting %q)", kind[s.Value.Kind == List], kind[prevList], s.Name)}
}

// Lookup returns the value libxlu sees for name: the last setting of that
// name, with every "+=" before it applied (strings concatenated, lists
// joined; the items keep their own positions). A concatenated string has
// the position of the last setting. It returns nil if name is not set.
func (f *File) Lookup(name string) *Value {
	// Find the last "=" of the name; only it and the "+=" after it count.
	first := -1
	for i, s := range f.Settings {
		if s.Name == name && (s.Op == Assign || first < 0) {
			first = i
		}
	}
	if first < 0 {
		return nil
	}
	cur := f.Settings[first].Value
	var items []*Value
	var str strings.Builder
	joined := false
	for _, s := range f.Settings[first+1:] {
		if s.Name != name {
			continue
		}
		if !joined {
			joined = true
			if cur.Kind == List {
				items = append(items, cur.Items...)
			} else {
				str.WriteString(cur.Str)
			}
		}
		if cur.Kind == List {
			items = append(items, s.Value.Items...)
		} else {
			str.WriteString(s.Value.Str)
		}
		last := *s.Value
		cur = &last
	}
	if !joined {
		return cur
	}
	if cur.Kind == List {
		cur.Items = items
	} else {
		cur.Str = str.String()
		cur.Escapes = nil
	}
	return cur
}

// LookupString returns the string (or number text) libxlu sees for name,
// and false if name is unset or a list.
func (f *File) LookupString(name string) (string, bool) {
	v := f.Lookup(name)
	if v == nil || v.Kind == List {
		return "", false
	}
	return v.Str, true
}

// Setting returns the last setting of name, or nil.
func (f *File) Setting(name string) *Setting {
	for i := len(f.Settings) - 1; i >= 0; i-- {
		if f.Settings[i].Name == name {
			return f.Settings[i]
		}
	}
	return nil
}

// PosAt returns the position of byte offset off of the file.
func (f *File) PosAt(off int) Position { return posIn(f.Filename, f.Src, off) }
