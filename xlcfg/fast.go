package xlcfg

import (
	"fmt"
)

// fastParser is a recursive-descent parser of the scanned tokens that
// implements the participle grammar (astFile, astStmt, astValue, astList)
// without reflection:
//
//	file  = { stmt | Newline | ";" } EOF
//	stmt  = Ident ( "=" | "+=" ) value ( Newline | ";" | EOF )
//	value = String | Number | "[" [ value { "," value } [ "," ] ] "]"
//
// On failure it leaves in err the first error in file order, as libxlu
// meets it: a syntax error ("unexpected X, expected Y" at the offending
// token, which participle cannot always locate inside nested lists), a
// limit, or a "+=" of the wrong kind (checked as each statement ends, as
// libxlu does when it stores the setting).
type fastParser struct {
	s   *scanner
	f   *File
	lim Limits
	i   int    // next token
	err *Error // why parse failed; nil at a tokError (the scanner's error)
	// kinds[name] says whether name's last value is a list; built at the
	// first "+=" (see store).
	kinds map[string]bool
	vals  []Value   // current chunk for newValue
	sets  []Setting // current chunk for newSetting
}

// fail records a syntax error at the current token and returns false.
func (p *fastParser) fail(expected string) bool {
	t := p.tok()
	if t.typ != tokError {
		p.err = &Error{Pos: p.pos(p.i), Msg: "syntax error, unexpected " + describeToken(t.typ, t.val) + ", expected " + expected}
	}
	return false
}

// tok returns the current token.
func (p *fastParser) tok() *token { return &p.s.out.tokens[p.i] }

func (p *fastParser) isPunct(v string) bool {
	t := &p.s.out.tokens[p.i]
	return t.typ == tokPunct && t.val == v
}

// pos returns the position of token i.
func (p *fastParser) pos(i int) Position { return p.s.tokPos(&p.s.out.tokens[i]) }

func (p *fastParser) parse() bool {
	for {
		t := p.tok()
		switch {
		case t.typ == tokEOF:
			return true
		case t.typ == tokNewline || (t.typ == tokPunct && t.val == ";"):
			p.i++
		case t.typ == tokIdent:
			set := p.newSetting()
			set.Name, set.NamePos = t.val, p.pos(p.i)
			p.i++
			switch {
			case p.isPunct("="):
			case p.isPunct("+="):
				set.Op = Append
			default:
				return p.fail(`"=" or "+="`)
			}
			p.i++
			v, ok := p.value(valueExpected)
			if !ok {
				return false
			}
			set.Value = v
			if t := p.tok(); t.typ != tokNewline && t.typ != tokEOF && !(t.typ == tokPunct && t.val == ";") {
				return p.fail("a newline or ';'")
			}
			if err := p.store(set); err != nil {
				p.err = err
				return false
			}
		default:
			return p.fail("a setting name")
		}
	}
}

const valueExpected = "a value (a string, a number or a [list])"

// store adds a setting, checking first that a "+=" joins values of the
// kind of the setting it extends.
func (p *fastParser) store(set *Setting) *Error {
	isList := set.Value.Kind == List
	if set.Op == Append && p.kinds == nil {
		// The kinds are only needed to check appends: gather them at the
		// first one, then keep them up to date.
		p.kinds = make(map[string]bool, len(p.f.Settings)+1)
		for _, prev := range p.f.Settings {
			p.kinds[prev.Name] = prev.Value.Kind == List
		}
	}
	if p.kinds != nil {
		if prev, ok := p.kinds[set.Name]; ok && set.Op == Append && prev != isList {
			return appendKindError(set, prev)
		}
		p.kinds[set.Name] = isList
	}
	p.f.Settings = append(p.f.Settings, set)
	return nil
}

// newValue and newSetting hand out values and settings from chunks, so
// that a file costs a few allocations instead of one per value.
func (p *fastParser) newValue() *Value {
	if len(p.vals) == cap(p.vals) {
		p.vals = make([]Value, 0, 16)
	}
	p.vals = p.vals[:len(p.vals)+1]
	return &p.vals[len(p.vals)-1]
}

func (p *fastParser) newSetting() *Setting {
	if len(p.sets) == cap(p.sets) {
		p.sets = make([]Setting, 0, 16)
	}
	p.sets = p.sets[:len(p.sets)+1]
	return &p.sets[len(p.sets)-1]
}

func (p *fastParser) value(expected string) (*Value, bool) {
	t := p.tok()
	start := int(t.start)
	v := p.newValue()
	v.Pos = p.pos(p.i)
	switch t.typ {
	case tokString:
		v.Kind = String
		v.Quote = p.s.src[start]
		v.Escapes = p.s.out.escapes[start]
	case tokNumber:
		v.Kind = Number
	case tokPunct:
		if t.val != "[" {
			return nil, p.fail(expected)
		}
		return p.list(v)
	default:
		return nil, p.fail(expected)
	}
	v.Str = t.val
	end := int(p.tok().end)
	v.End = v.Pos
	v.End.Offset = end
	v.End.Column += end - start
	v.Raw = p.s.str[start:end]
	p.i++
	return v, true
}

func (p *fastParser) list(v *Value) (*Value, bool) {
	v.Kind = List
	p.i++ // [
	if !p.isPunct("]") {
		for {
			it, ok := p.value(`a value or "]"`)
			if !ok {
				return nil, false
			}
			v.Items = append(v.Items, it)
			if len(v.Items) > p.lim.MaxListLen {
				p.err = &Error{Pos: v.Pos, Msg: fmt.Sprintf("list is longer than the limit of %d items", p.lim.MaxListLen)}
				return nil, false
			}
			if p.isPunct(",") {
				p.i++
				if p.isPunct("]") {
					break
				}
				continue
			}
			if p.isPunct("]") {
				break
			}
			return nil, p.fail(`"," or "]"`)
		}
	}
	// At the closing bracket.
	end := int(p.tok().end)
	v.End = p.pos(p.i)
	v.End.Offset = end
	v.End.Column++
	v.Raw = p.s.str[v.Pos.Offset:end]
	p.i++
	return v, true
}
