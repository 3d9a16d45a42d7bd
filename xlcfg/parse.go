package xlcfg

import (
	"errors"
	"fmt"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
)

// The grammar, over the scanner's tokens (see scan.go), is libxlu's
// (libxlu_cfg_y.y) once empty statements are folded into End tokens:
//
//	file  = { stmt }
//	stmt  = Assign value End         (Assign is a name and its "=" or "+=")
//	value = Atom | "[" [ value { "," value } [ "," ] ] "]"
//
// where a statement's value and End are spelt with the tokens that fold
// them (AtomEnd, RBrackEnd: see scan.go): Assign ( AtomEnd | list-end |
// Atom End ), and list-end is a list whose ']' is RBrackEnd. An Atom or
// a ']' there is never followed by an End (it would have been folded):
// "Atom End" and "RBrack End" only make participle stop at the token
// after it, which is where libxlu reports that the statement goes on.
// In a list, the items after the first are ( CommaAtom | Comma list ),
// and a trailing comma is no token at all (see scan.go).
//
// participle parses the whole file in one call (astFile is the root).
// A statement's value is spelt out in the grammar instead of going
// through a value struct, so that a string or number setting (most of
// them) costs participle no struct at all.
//
// No struct captures a token, and the leaves (strings and numbers) are
// not structs either: a struct per item costs participle about ten
// allocations, a bare Atom reference two. Only a nested list is a struct
// (astList), captured by @@ into the Lists of the list or file that
// holds it, in file order. Its Tokens field, which participle fills with
// the tokens it matched, from its '[' to its ']', gives its extent: the
// builder reads the items of a list off its tokens, an Atom for a string
// or number, the next of Lists (and its tokens skipped) for a '['.
//
// A statement is then the tokens from an Assign to the AtomEnd or
// RBrackEnd that ends it, which appear nowhere else in a file that
// participle accepted: the builder takes the statements from there, in
// order, and stores them (see store). A file that participle refused is
// accepted up to the statement where it stopped, and the "+=" checks run
// on the statements before it first, as libxlu stores a setting when its
// parser reduces it: a "+=" of the wrong kind is reported before a syntax
// error further on.
type astFile struct {
	Lists []*astList `parser:"( Assign ( AtomEnd | LBrack ( ( Atom | @@ ) ( CommaAtom | Comma @@ )* )? ( RBrackEnd | RBrack End ) | Atom End ) )*"`
}

type astList struct {
	Tokens []lexer.Token
	Lists  []*astList `parser:"LBrack ( ( Atom | @@ ) ( CommaAtom | Comma @@ )* )? RBrack"`
}

// fileParser is the participle parser of a file. The grammar is
// LL(1) and never backtracks over a token it has matched (the scanner
// drops a trailing comma, and makes any other ',' before a ']' a
// LastComma, which no rule takes), so
// participle runs with a lookahead of 0: a branch that has matched a
// token and then fails is the error, and participle reports the token
// where it failed, however deep in nested lists, rather than trying
// another branch and blaming an earlier token.
var fileParser = participle.MustBuild[astFile](
	participle.Lexer(lexDefinition{symbols}),
	participle.UseLookahead(0),
)

// Parse reads an xl.cfg file with domain.DefaultLimits. filename is used in
// positions only. A refused file gives a diag.List holding one
// diagnostic (rule RuleSyntax) located in the file; the file's quirks are
// in File.Quirks.
func Parse(filename string, src []byte) (*File, error) {
	return ParseWith(filename, src, domain.Options{})
}

// ParseWith is Parse with opts.Limits (a zero field means
// domain.DefaultLimits' value; MaxListLen is at most
// participle.MaxIterations-1 and MaxFileSize at most 3,999,995 bytes, as
// participle repeats a rule fewer than MaxIterations, a million, times).
// No other field of opts changes how a file is read: libxlu reads every
// file the same way.
func ParseWith(filename string, src []byte, opts domain.Options) (*File, error) {
	lim := opts.Limits.OrDefault()
	lim.MaxListLen = min(lim.MaxListLen, participle.MaxIterations-1)
	// A file has fewer statements than participle.MaxIterations: a
	// statement takes at least 4 bytes ("a=1" and its end), but the last.
	lim.MaxFileSize = min(lim.MaxFileSize, 4*(participle.MaxIterations-1)-1)
	if len(src) > lim.MaxFileSize {
		return nil, syntaxError(src, Position{Filename: filename, Line: 1, Column: 1},
			fmt.Sprintf("file is %d bytes, larger than the limit of %d", len(src), lim.MaxFileSize))
	}
	s := newScanner(filename, src, lim)
	defer s.release()
	pl, err := lexer.Upgrade(s)
	if err != nil {
		return nil, err // cannot happen: the scanner returns no errors
	}
	f := &File{Filename: filename, Src: src}
	b := builder{f: f, s: s}
	// The file is scanned: size the settings and values once. (There may
	// be fewer: an Error token stops the parse.)
	b.sets = make([]Setting, 0, s.nIdents)
	b.vals = make([]Value, 0, len(s.atoms)+s.nLists)
	f.Settings = make([]*Setting, 0, s.nIdents)
	toks := pl.Range(0, lexer.RawCursor(s.ntok))
	ast, err := fileParser.ParseFromLexer(pl)
	if err != nil {
		return nil, b.parseError(toks, err)
	}
	b.lists = ast.Lists
	for start := 0; toks[start].Type != tokEOF; {
		end := stmtEnd(toks, start)
		if err := b.store(toks[start : end+1]); err != nil {
			return nil, err
		}
		start = end + 1
	}
	f.Comments = s.comments
	f.Quirks = s.quirks
	return f, nil
}

// syntaxError is the diag.List error of a refused file: one RuleSyntax
// diagnostic at p, covering the byte there (nothing at a newline or the
// end of the file).
func syntaxError(src []byte, p Position, msg string) error {
	end := p
	if end.Offset < len(src) && src[end.Offset] != '\n' {
		end.Offset++
		end.Column++
	}
	return diag.List{diag.New(RuleSyntax, diag.InFile(p.Filename, p.Diag(), end.Diag()), "%s", msg)}
}

// builder turns the statements participle parsed into the File.
type builder struct {
	f *File
	s *scanner
	// atom is the next entry of the scanner's atom table: values are built
	// in file order, so atoms come in the order they were scanned.
	atom int
	// kinds[name] says whether name's last value is a list; built at the
	// first "+=" (see checkKind).
	kinds map[string]bool
	// comma is the next entry of the scanner's commaAtoms.
	comma int
	// lists are the lists that participle captured in the statements'
	// lists (the file's second level), in file order; list takes them
	// from the front.
	lists []*astList
	vals  []Value   // current chunk for newValue
	sets  []Setting // current chunk for newSetting
}

// newValue and newSetting hand out values and settings from chunks, so
// that a file costs a few allocations instead of one per value.
func (b *builder) newValue() *Value {
	if len(b.vals) == cap(b.vals) {
		b.vals = make([]Value, 0, 16)
	}
	b.vals = b.vals[:len(b.vals)+1]
	return &b.vals[len(b.vals)-1]
}

func (b *builder) newSetting() *Setting {
	if len(b.sets) == cap(b.sets) {
		b.sets = make([]Setting, 0, 16)
	}
	b.sets = b.sets[:len(b.sets)+1]
	return &b.sets[len(b.sets)-1]
}

// stmtEnd returns the index of the token that ends the statement that
// starts at toks[start]: the first AtomEnd or RBrackEnd from there (or the
// EOF, for a statement that participle refused).
func stmtEnd(toks []lexer.Token, start int) int {
	i := start
	for toks[i].Type != tokAtomEnd && toks[i].Type != tokRBrackEnd && toks[i].Type != tokEOF {
		i++
	}
	return i
}

// store adds a statement that participle accepted, whose tokens are toks
// (its Assign to its AtomEnd or RBrackEnd), to the file, checking first
// that a "+=" joins values of the kind of the setting it extends (libxlu
// checks it when it stores the setting).
func (b *builder) store(toks []lexer.Token) error {
	name, first := &toks[0], &toks[1]
	set := b.newSetting()
	set.Name, set.Op = b.assign(name)
	set.NamePos = Position(name.Pos)
	if first.Type == tokAtomEnd {
		set.Value = b.atomValue(first)
	} else {
		set.Value = b.list(toks[1:], &b.lists)
	}
	if err := b.checkKind(set.Name, set.Op, set.Value.Kind == List, set.Value.Pos); err != nil {
		return err
	}
	b.f.Settings = append(b.f.Settings, set)
	return nil
}

// assign returns the name and operator of Assign token t.
func (b *builder) assign(t *lexer.Token) (string, Op) {
	src := b.s.src
	off := t.Pos.Offset
	end := off + 1
	for end < len(src) && isIdent(src[end]) {
		end++
	}
	op := end
	for src[op] == ' ' || src[op] == '\t' {
		op++
	}
	if src[op] == '+' {
		return b.s.str[off:end], Append
	}
	return b.s.str[off:end], Assign
}

// checkKind checks a statement that sets name with op to a list or not
// (isList; its value starts at pos) against the settings before it, and
// records its kind.
func (b *builder) checkKind(name string, op Op, isList bool, pos Position) error {
	if op == Append && b.kinds == nil {
		// The kinds are only needed to check appends: gather them at the
		// first one, then keep them up to date.
		b.kinds = make(map[string]bool, len(b.f.Settings)+1)
		for _, prev := range b.f.Settings {
			b.kinds[prev.Name] = prev.Value.Kind == List
		}
	}
	if b.kinds != nil {
		if prev, ok := b.kinds[name]; ok && op == Append && prev != isList {
			kind := map[bool]string{true: "a [list]", false: "a \"string\""}
			// libxlu reports the line where the value ends; the value's
			// start is a better place to point at.
			return syntaxError(b.s.src, pos, fmt.Sprintf("can't add %s to %s with += (setting %q)", kind[isList], kind[prev], name))
		}
		b.kinds[name] = isList
	}
	return nil
}

// atomValue builds the string or number of token t (an Atom, AtomEnd or
// CommaAtom).
func (b *builder) atomValue(t *lexer.Token) *Value {
	at := &b.s.atoms[b.atom]
	b.atom++
	v := b.newValue()
	if t.Type == tokCommaAtom {
		v.Pos = Position(b.s.commaAtoms[b.comma])
		b.comma++
	} else {
		v.Pos = Position(t.Pos)
	}
	start := v.Pos.Offset
	if q := b.s.src[start]; q == '\'' || q == '"' {
		v.Kind, v.Quote, v.Escapes = String, q, at.escapes
	} else {
		v.Kind = Number
	}
	v.Str = at.str
	v.End = v.Pos
	v.End.Offset = at.end
	v.End.Column += at.end - start
	v.Raw = b.s.str[start:at.end]
	return v
}

// list builds the list whose tokens, from its '[' to its ']', are toks;
// the lists directly inside it are the next ones of *lists, which it
// takes off. The items are the Atoms and nested lists directly inside:
// participle has checked that commas separate them.
func (b *builder) list(toks []lexer.Token, lists *[]*astList) *Value {
	v := b.newValue()
	v.Kind = List
	v.Pos = Position(toks[0].Pos)
	inner := toks[1 : len(toks)-1]
	n := 0
	for i, k := 0, 0; i < len(inner); i++ {
		switch inner[i].Type {
		case tokAtom, tokCommaAtom:
			n++
		case tokLBrack:
			n++
			i += len((*lists)[k].Tokens) - 1
			k++
		}
	}
	if n > 0 {
		v.Items = make([]*Value, 0, n)
		for i := 0; i < len(inner); i++ {
			switch inner[i].Type {
			case tokAtom, tokCommaAtom:
				v.Items = append(v.Items, b.atomValue(&inner[i]))
			case tokLBrack:
				l := (*lists)[0]
				*lists = (*lists)[1:]
				v.Items = append(v.Items, b.list(l.Tokens, &l.Lists))
				i += len(l.Tokens) - 1
			}
		}
	}
	close := &toks[len(toks)-1]
	v.End = Position(close.Pos)
	v.End.Offset++
	v.End.Column++
	v.Raw = b.s.str[v.Pos.Offset:v.End.Offset]
	return v
}

// parseError turns participle's error for the file, whose tokens are
// toks, into the file's diagnostic. participle stops at the first token
// that fits no statement. The statements before the one it stopped in
// were accepted: their "+=" are checked first (see store). Then, if the
// token is the scanner's Error token, the scanner's error (lexical, or a
// limit) comes first. Otherwise it is a syntax error, worded as libxlu
// would expect at that point: what may follow the token before it.
func (b *builder) parseError(toks []lexer.Token, err error) error {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return err
	}
	at := perr.Position().Offset
	var ute *participle.UnexpectedTokenError
	i := 0
	if errors.As(err, &ute) {
		for i < len(toks)-1 && !(toks[i].Pos.Offset == at && toks[i].Type == ute.Unexpected.Type) {
			i++
		}
	} else {
		for i < len(toks)-1 && toks[i].Pos.Offset < at {
			i++
		}
	}
	start := 0
	b.kinds = map[string]bool{}
	for end := stmtEnd(toks, start); end < i; end = stmtEnd(toks, start) {
		name, op := b.assign(&toks[start])
		first := &toks[start+1]
		if err := b.checkKind(name, op, first.Type == tokLBrack, Position(first.Pos)); err != nil {
			return err
		}
		start = end + 1
	}
	if toks[i].Type == tokIdent && i == start && i < len(toks)-1 {
		// A statement that starts with a name without an Op: libxlu takes
		// the name and stops at the token after it.
		i++
	}
	t := &toks[i]
	if t.Type == tokError && b.s.err != nil {
		return b.s.err
	}
	msg := "syntax error, unexpected " + b.describe(t) + ", expected " + expected(toks[start:i])
	return syntaxError(b.s.src, Position(t.Pos), msg)
}

// expected says what the grammar allows after the tokens of a statement
// parsed so far.
func expected(before []lexer.Token) string {
	if len(before) == 0 {
		return "a setting name"
	}
	depth := 0
	for i := range before {
		switch before[i].Type {
		case tokLBrack:
			depth++
		case tokRBrack, tokRBrackEnd:
			depth--
		}
	}
	switch before[len(before)-1].Type {
	case tokIdent:
		return `"=" or "+="`
	case tokAssign, tokOp:
		return "a value (a string, a number or a [list])"
	case tokLBrack, tokComma:
		return `a value or "]"`
	}
	if depth > 0 {
		return `"," or "]"`
	}
	return "a newline or ';'"
}

// describe names token t in a message.
func (b *builder) describe(t *lexer.Token) string {
	src := b.s.src
	off := t.Pos.Offset
	switch t.Type {
	case tokEOF:
		return "end of file"
	case tokEnd:
		if t.Value == eofEnd {
			return "end of file"
		}
		if src[off] == ';' {
			return `";"`
		}
		return "newline"
	case tokAtom, tokAtomEnd:
		for i := range b.s.atoms {
			if at := &b.s.atoms[i]; at.end > off {
				if c := src[off]; c == '\'' || c == '"' {
					return fmt.Sprintf("string %q", at.str)
				}
				return "number " + at.str
			}
		}
	case tokIdent, tokAssign:
		end := off + 1
		for end < len(src) && isIdent(src[end]) {
			end++
		}
		return "name " + string(src[off:end])
	case tokOp:
		if src[off] == '+' {
			return `"+="`
		}
	}
	return fmt.Sprintf("%q", string(src[off]))
}
