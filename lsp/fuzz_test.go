package lsp

import (
	"bytes"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/lsp/internal/fake"
	"github.com/xldisk/xldisk/release"
)

// ops reads fuzz bytes as a stream of small numbers and strings.
type ops struct{ b []byte }

func (o *ops) more() bool { return len(o.b) > 0 }

func (o *ops) byte() byte {
	if len(o.b) == 0 {
		return 0
	}
	c := o.b[0]
	o.b = o.b[1:]
	return c
}

// num returns a small number, now and then a huge one (positions past
// every end).
func (o *ops) num() uint32 {
	c := o.byte()
	if c == 0xff {
		return 1<<32 - 1
	}
	return uint32(c % 64)
}

func (o *ops) str() string {
	n := int(o.byte() % 12)
	n = min(n, len(o.b))
	s := string(o.b[:n])
	o.b = o.b[n:]
	return s
}

// FuzzDocumentEdits applies random range edits, in both encodings, to a
// document as didChange does, and after each edit checks that the
// diagnostics of the fake engine and of an engine that reports arbitrary
// places, the formatting edits and the completions never panic and stay
// inside the document.
func FuzzDocumentEdits(f *testing.F) {
	f.Add([]byte("disk = [ '/x,,xvda,fromat=raw', '/y, raw,xvdb' ]\n"), []byte{0, 1, 10, 1, 12, 3, 'a', ',', 'b'})
	f.Add([]byte("name = \"gäst\"\n# 😀\ndisk = [ '/img/😀.img,raw,xvda,w,bogus=1' ]\r\n"), []byte{2, 2, 15, 2, 17, 1, 0xff})
	f.Fuzz(func(t *testing.T, text, script []byte) {
		if len(text) > 4096 || len(script) > 512 {
			return
		}
		for _, enc := range []encoding{encUTF16, encUTF8} {
			doc := append([]byte(nil), text...)
			o := &ops{b: script}
			for n := 0; n < 16; n++ {
				rng := Range{Start: Position{o.num(), o.num()}, End: Position{o.num(), o.num()}}
				ch := TextDocumentContentChangeEvent{Range: &rng, Text: o.str()}
				if o.byte()%8 == 0 {
					ch.Range = nil // a full-text change
				}
				doc = applyChange(doc, ch, enc)
				check(t, doc, enc, o)
				if !o.more() {
					break
				}
			}
		}
	})
}

// hostile reports findings at places taken from the fuzz input, most of
// them not in the document.
type hostile struct{ o *ops }

func (h hostile) list(src []byte) diag.List {
	var l diag.List
	for i := 0; i < 4 && h.o.more(); i++ {
		p := func() diag.Pos {
			return diag.Pos{Line: int(h.o.num()) - 1, Column: int(h.o.num()) - 3, Offset: int(h.o.num()) - 5}
		}
		r := &diag.Range{Disk: -1, Span: diag.NoSpan, Start: p(), End: p()}
		if h.o.byte()%2 == 0 {
			r.File = "other.cfg"
		}
		d := diag.New(fake.RuleUnknown, r, "hostile %d", i)
		e := diag.Edit{Range: *r, Text: "x", FileText: "x"}
		d = d.Suggest("fix", e, e)
		l = append(l, d)
	}
	return l
}

func check(t *testing.T, doc []byte, enc encoding, o *ops) {
	t.Helper()
	ix := newLineIndex(doc)
	inside := func(what string, r Range) {
		t.Helper()
		for _, p := range []Position{r.Start, r.End} {
			if int(p.Line) >= len(ix.starts) {
				t.Fatalf("%s: line %d of %d lines (%q)", what, p.Line, len(ix.starts), doc)
			}
			if off := ix.offset(p, enc); ix.position(off, enc) != p {
				t.Fatalf("%s: position %+v is not a character boundary of %q", what, p, doc)
			}
		}
		if r.End.Line < r.Start.Line || (r.End.Line == r.Start.Line && r.End.Character < r.Start.Character) {
			t.Fatalf("%s: range %+v ends before it starts", what, r)
		}
	}
	c := newConverter(doc, "/x.cfg", enc, DefaultRulesURL)
	list := append(fake.Engine{}.Lint("/x.cfg", doc), hostile{o}.list(doc)...)
	for _, d := range c.diagnostics(list) {
		inside("diagnostic", d.Range)
	}
	for _, d := range list {
		if edits, ok := c.fixEdits(d.Suggestion); ok {
			for _, e := range edits {
				inside("fix", e.Range)
			}
		}
	}
	if out, err := (fake.Engine{}).Format("/x.cfg", doc); err == nil {
		edits, spans := formatEdits(doc, out, ix, enc)
		for _, e := range edits {
			inside("format edit", e.Range)
		}
		// The edits, applied from the end, give the formatted text.
		got := append([]byte(nil), doc...)
		for i := len(spans) - 1; i >= 0; i-- {
			got = append(got[:spans[i][0]], append([]byte(edits[i].NewText), got[spans[i][1]:]...)...)
		}
		if !bytes.Equal(got, out) {
			t.Fatalf("format edits give %q, want %q", got, out)
		}
	}
	off := ix.offset(Position{o.num(), o.num()}, enc)
	for _, it := range complete(doc, off, ix, enc, release.Default) {
		inside("completion", it.TextEdit.Range)
	}
}

// BenchmarkDiagnostics converts the findings of a large file: 20,000 disk
// lines, each with an unknown parameter and a blank after a comma.
func BenchmarkDiagnostics(b *testing.B) {
	var src bytes.Buffer
	src.WriteString("name = \"gäst\"\ndisk = [\n")
	for i := 0; i < 20000; i++ {
		src.WriteString("  '/img/😀.img, raw,xvda,bogus=1',\n")
	}
	src.WriteString("]\n")
	list := fake.Engine{}.Lint("/x.cfg", src.Bytes())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := newConverter(src.Bytes(), "/x.cfg", encUTF16, DefaultRulesURL)
		if n := len(c.diagnostics(list)); n != 40000 {
			b.Fatalf("%d diagnostics", n)
		}
	}
}
