package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/lsp/internal/fake"
)

// pipeRWC joins the two pipe ends of the test client.
type pipeRWC struct {
	io.Reader
	io.Writer
	closers []io.Closer
}

func (p *pipeRWC) Close() error {
	for _, c := range p.closers {
		c.Close()
	}
	return nil
}

// client drives a server through a pair of pipes with a jsonrpc2
// connection of its own, as an editor would.
type client struct {
	t     *testing.T
	conn  jsonrpc2.Conn
	raw   io.Writer // the server's input, for malformed frames
	diags chan PublishDiagnosticsParams
	done  chan error
}

const testURI = "file:///etc/xen/guest.cfg"

func startServer(t *testing.T, eng Engine, opts Options) *client {
	t.Helper()
	c2sR, c2sW := io.Pipe()
	s2cR, s2cW := io.Pipe()
	c := &client{t: t, raw: c2sW, diags: make(chan PublishDiagnosticsParams, 64), done: make(chan error, 1)}
	go func() { c.done <- Serve(context.Background(), c2sR, s2cW, eng, opts) }()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewHeaderStream(&pipeRWC{Reader: s2cR, Writer: c2sW, closers: []io.Closer{s2cR, c2sW}}),
		jsonrpc2.WithCodec(stdCodec{}))
	c.conn.Go(context.Background(), func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if req.Method() == "textDocument/publishDiagnostics" {
			var p PublishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				t.Errorf("publishDiagnostics: %v", err)
				return nil, nil
			}
			c.diags <- p
		}
		return nil, nil
	})
	t.Cleanup(func() { c.conn.Close() })
	return c
}

func (c *client) call(method string, params, result any) error {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

func (c *client) mustCall(method string, params, result any) {
	c.t.Helper()
	if err := c.call(method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// initialize sends initialize with the given capabilities JSON and
// initialized.
func (c *client) initialize(caps string) InitializeResult {
	c.t.Helper()
	var res InitializeResult
	c.mustCall("initialize", json.RawMessage(`{"processId":null,"rootUri":null,"capabilities":`+caps+`}`), &res)
	c.notify("initialized", struct{}{})
	return res
}

// waitDiags returns the next diagnostics published for uri.
func (c *client) waitDiags(uri string) PublishDiagnosticsParams {
	c.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case p := <-c.diags:
			if p.URI == uri {
				return p
			}
		case <-timeout:
			c.t.Fatalf("no diagnostics for %s", uri)
		}
	}
}

// shutdown sends shutdown and exit and checks that Serve returns nil.
func (c *client) shutdown() {
	c.t.Helper()
	var res json.RawMessage
	c.mustCall("shutdown", nil, &res)
	if string(res) != "null" {
		c.t.Errorf("shutdown result %s, want null", res)
	}
	c.notify("exit", nil)
	if err := c.wait(); err != nil {
		c.t.Errorf("Serve: %v", err)
	}
}

func (c *client) wait() error {
	c.t.Helper()
	select {
	case err := <-c.done:
		return err
	case <-time.After(10 * time.Second):
		c.t.Fatal("Serve did not return")
		return nil
	}
}

// textAt returns the text of r in text, counting characters as enc says
// (an implementation independent of lineIndex: lines split at "\n").
func textAt(t *testing.T, text string, r Range, enc string) string {
	t.Helper()
	return text[byteOff(t, text, r.Start, enc):byteOff(t, text, r.End, enc)]
}

func byteOff(t *testing.T, text string, p Position, enc string) int {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	if int(p.Line) >= len(lines) {
		t.Fatalf("position %+v: the text has %d lines", p, len(lines))
	}
	off := 0
	for _, l := range lines[:p.Line] {
		off += len(l)
	}
	line := strings.TrimSuffix(lines[p.Line], "\n")
	if enc == "utf-8" {
		if int(p.Character) > len(line) {
			t.Fatalf("position %+v past the end of line %q", p, line)
		}
		return off + int(p.Character)
	}
	units := 0
	for i, r := range line {
		if units == int(p.Character) {
			return off + i
		}
		units += len(utf16.Encode([]rune{r}))
		if units > int(p.Character) {
			t.Fatalf("position %+v splits a character of %q", p, line)
		}
	}
	if units != int(p.Character) {
		t.Fatalf("position %+v past the end of line %q", p, line)
	}
	return off + len(line)
}

// apply applies non-overlapping text edits to text.
func apply(t *testing.T, text string, edits []TextEdit, enc string) string {
	t.Helper()
	type e struct {
		s, en int
		s2    string
	}
	var es []e
	for _, ed := range edits {
		es = append(es, e{byteOff(t, text, ed.Range.Start, enc), byteOff(t, text, ed.Range.End, enc), ed.NewText})
	}
	// Apply from the end so that earlier offsets stay valid.
	for i := len(es) - 1; i >= 0; i-- {
		for j := 0; j < i; j++ {
			if es[j].s > es[j+1].s {
				es[j], es[j+1] = es[j+1], es[j]
			}
		}
	}
	for i := len(es) - 1; i >= 0; i-- {
		text = text[:es[i].s] + es[i].s2 + text[es[i].en:]
	}
	return text
}

func open(c *client, uri, text string, version int32) {
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{
		URI: uri, LanguageID: "xl", Version: version, Text: text}})
}

// The document of the main test: a non-BMP character and a multi-byte one
// before the findings, so that UTF-16, UTF-8 and byte columns all differ.
const brokenCfg = "name = \"gäst\"\n" +
	"# 😀 a comment\n" +
	"disk = [ '/img/😀.img,raw,xvda,w,fromat=raw',\n" +
	"         '/img/b.img, raw,xvdb,bogus=1' ]\n"

func TestSession(t *testing.T) {
	for _, tc := range []struct {
		name, caps, enc, offsetEnc string
	}{
		{"utf-16 default", `{}`, "utf-16", ""},
		{"utf-8 offered", `{"general":{"positionEncodings":["utf-16","utf-8"]}}`, "utf-8", ""},
		{"utf-16 only offered", `{"general":{"positionEncodings":["utf-16"]}}`, "utf-16", ""},
		{"clangd offsetEncoding", `{"offsetEncoding":["utf-8","utf-16"]}`, "utf-8", "utf-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startServer(t, fake.Engine{}, Options{Debounce: 20 * time.Millisecond})
			res := c.initialize(tc.caps)
			got := res.Capabilities.PositionEncoding
			if tc.offsetEnc != "" {
				got = res.OffsetEncoding
				if res.Capabilities.PositionEncoding != "" {
					t.Errorf("positionEncoding %q with clangd's offsetEncoding", res.Capabilities.PositionEncoding)
				}
			}
			if got != tc.enc {
				t.Fatalf("encoding %q, want %q (result %+v)", got, tc.enc, res)
			}
			if res.Capabilities.TextDocumentSync.Change != 1 || !res.Capabilities.HoverProvider ||
				!res.Capabilities.DocumentFormattingProvider || !res.Capabilities.DocumentRangeFormattingProvider ||
				res.Capabilities.CodeActionProvider == nil || res.Capabilities.CompletionProvider == nil {
				t.Errorf("capabilities %+v", res.Capabilities)
			}
			session(t, c, tc.enc)
			c.shutdown()
		})
	}
}

func session(t *testing.T, c *client, enc string) {
	open(c, testURI, brokenCfg, 1)
	p := c.waitDiags(testURI)
	if p.Version == nil || *p.Version != 1 {
		t.Errorf("version %v, want 1", p.Version)
	}
	type want struct {
		text, code, msg string
		sev             int
	}
	wants := []want{
		{"fromat=raw", "XLD990", `unknown parameter "fromat" (did you mean format=?)`, SeverityError},
		{" ", "XLD991", "blank after a comma", SeverityWarning},
		{"bogus=1", "XLD990", `unknown parameter "bogus"`, SeverityError},
	}
	if len(p.Diagnostics) != len(wants) {
		t.Fatalf("diagnostics %+v, want %d", p.Diagnostics, len(wants))
	}
	for i, w := range wants {
		d := p.Diagnostics[i]
		if got := textAt(t, brokenCfg, d.Range, enc); got != w.text {
			t.Errorf("diagnostic %d covers %q, want %q (range %+v)", i, got, w.text, d.Range)
		}
		if d.Code != w.code || d.Severity != w.sev || d.Message != w.msg || d.Source != "xldisk" {
			t.Errorf("diagnostic %d = %+v, want %+v", i, d, w)
		}
		if d.CodeDescription == nil || d.CodeDescription.Href != DefaultRulesURL+"#"+strings.ToLower(w.code) {
			t.Errorf("diagnostic %d codeDescription %+v", i, d.CodeDescription)
		}
	}

	// Hover inside the second spec.
	var h *Hover
	pos := posOf(t, brokenCfg, "b.img", enc)
	c.mustCall("textDocument/hover", TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: testURI}, Position: pos}, &h)
	if h == nil || h.Contents.Kind != "markdown" || !strings.Contains(h.Contents.Value, "**disk 1**") || h.Range == nil {
		t.Fatalf("hover %+v", h)
	}
	if got := textAt(t, brokenCfg, *h.Range, enc); got != "/img/b.img, raw,xvdb,bogus=1" {
		t.Errorf("hover range covers %q", got)
	}
	// Hover outside any spec.
	var none json.RawMessage
	c.mustCall("textDocument/hover", TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: testURI}}, &none)
	if string(none) != "null" {
		t.Errorf("hover on the name line: %s, want null", none)
	}

	// Code action on the typo.
	var actions []CodeAction
	c.mustCall("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: testURI},
		Range: p.Diagnostics[0].Range, Context: CodeActionContext{Diagnostics: p.Diagnostics[:1]}}, &actions)
	if len(actions) != 1 || actions[0].Kind != CodeActionQuickFix || actions[0].Edit == nil {
		t.Fatalf("code actions %+v", actions)
	}
	fixed := apply(t, brokenCfg, actions[0].Edit.Changes[testURI], enc)
	if !strings.Contains(fixed, ",w,format=raw'") || strings.Contains(fixed, "fromat") {
		t.Errorf("fixed text %q", fixed)
	}
	// No action where there is no fix.
	c.mustCall("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: testURI},
		Range: p.Diagnostics[2].Range}, &actions)
	if len(actions) != 0 {
		t.Errorf("code actions for bogus=1: %+v", actions)
	}

	// Formatting.
	var edits []TextEdit
	c.mustCall("textDocument/formatting", DocumentFormattingParams{TextDocument: TextDocumentIdentifier{URI: testURI}}, &edits)
	wantFmt, _ := fake.Engine{}.Format("", []byte(brokenCfg))
	if got := apply(t, brokenCfg, edits, enc); got != string(wantFmt) {
		t.Errorf("formatted\n%s\nwant\n%s", got, wantFmt)
	}
	if len(edits) != 1 {
		t.Errorf("formatting edits %+v, want one (one spec changes)", edits)
	}

	// Changes: three quick ones are linted once, at the last version.
	changed := strings.Replace(brokenCfg, "bogus=1", "vdve=xvdc", 1)
	for v := int32(2); v <= 4; v++ {
		text := brokenCfg
		if v == 4 {
			text = changed
		}
		c.notify("textDocument/didChange", DidChangeTextDocumentParams{
			TextDocument:   VersionedTextDocumentIdentifier{URI: testURI, Version: v},
			ContentChanges: []TextDocumentContentChangeEvent{{Text: text}}})
	}
	p = c.waitDiags(testURI)
	if p.Version == nil || *p.Version != 4 {
		t.Fatalf("diagnostics after the changes are for version %v, want 4", p.Version)
	}
	if n := len(p.Diagnostics); n != 3 || textAt(t, changed, p.Diagnostics[2].Range, enc) != "vdve=xvdc" {
		t.Errorf("diagnostics after change: %+v", p.Diagnostics)
	}

	// Completion.
	compl := func(text, marker string) []CompletionItem {
		t.Helper()
		i := strings.Index(text, marker)
		if i < 0 {
			t.Fatalf("no %q in the text", marker)
		}
		doc := text[:i] + text[i+len(marker):]
		c.notify("textDocument/didChange", DidChangeTextDocumentParams{
			TextDocument:   VersionedTextDocumentIdentifier{URI: testURI, Version: 9},
			ContentChanges: []TextDocumentContentChangeEvent{{Text: doc}}})
		var l CompletionList
		c.mustCall("textDocument/completion", CompletionParams{TextDocumentPositionParams{
			TextDocument: TextDocumentIdentifier{URI: testURI}, Position: posOfOffset(t, doc, i, enc)}}, &l)
		for _, it := range l.Items {
			if it.TextEdit == nil {
				t.Errorf("item %q has no text edit", it.Label)
				continue
			}
			// The edit replaces the word before the cursor.
			if got := textAt(t, doc, it.TextEdit.Range, enc); !strings.HasPrefix(it.Label, got) {
				t.Errorf("item %q replaces %q", it.Label, got)
			}
		}
		return l.Items
	}
	labels := func(items []CompletionItem) string {
		var s []string
		for _, it := range items {
			s = append(s, it.Label)
		}
		return strings.Join(s, " ")
	}
	base := "disk = [ '/img/😀.img,raw,xvda,w', 'vdev=xvdc,/x' ,\n '/img/é,ré,|' ]\n"
	if got := labels(compl(base, "|")); !strings.Contains(got, "format= vdev= access=") ||
		!strings.Contains(got, "direct-io-safe") || strings.Contains(got, "xvda") || !strings.Contains(got, "xvdb xvdd") ||
		strings.Contains(got, "xvdc") {
		t.Errorf("keywords: %s", got)
	}
	if got := labels(compl(strings.Replace(base, "|", "vdev=|", 1), "|")); !strings.HasPrefix(got, "xvdb xvdd xvde") || strings.Contains(got, "format=") {
		t.Errorf("vdev values: %s", got)
	}
	if got := labels(compl(strings.Replace(base, "|", "format=q|", 1), "|")); got != "qcow qcow2 qed" {
		t.Errorf("format values: %s", got)
	}
	if got := labels(compl(strings.Replace(base, "|", "ac|", 1), "|")); got != "access= active-disk=" {
		t.Errorf("after ac: %s", got)
	}
	// The spec has a vdev already: no vdev names.
	if got := labels(compl(strings.Replace(base, "|", "xvdb,|", 1), "|")); strings.Contains(got, "xvd") {
		t.Errorf("with a vdev: %s", got)
	}
	if got := labels(compl(strings.Replace(base, "|", "xvdb,vdev=|", 1), "|")); got != "" {
		t.Errorf("vdev= with a vdev: %s", got)
	}
	// In the vdev slot, with the access after it.
	if got := labels(compl(strings.Replace(base, "|", "xv|,w", 1), "|")); !strings.HasPrefix(got, "xvdb xvdd") {
		t.Errorf("in the vdev slot: %s", got)
	}
	if got := labels(compl(strings.Replace(base, "|", "target=/x,|", 1), "|")); got != "" {
		t.Errorf("inside target=: %s", got)
	}
	if got := labels(compl("name = 'x|'\n", "|")); got != "" {
		t.Errorf("outside a disk spec: %s", got)
	}

	// Close: the diagnostics are cleared.
	c.notify("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: testURI}})
	for {
		p = c.waitDiags(testURI)
		if p.Version == nil {
			break
		}
	}
	if len(p.Diagnostics) != 0 {
		t.Errorf("diagnostics after close: %+v", p.Diagnostics)
	}
}

func posOf(t *testing.T, text, sub, enc string) Position {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("no %q", sub)
	}
	return posOfOffset(t, text, i, enc)
}

// posOfOffset converts a byte offset independently of lineIndex.
func posOfOffset(t *testing.T, text string, off int, enc string) Position {
	t.Helper()
	line := strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	seg := text[start:off]
	n := len(seg)
	if enc == "utf-16" {
		n = len(utf16.Encode([]rune(seg)))
	}
	return Position{Line: uint32(line), Character: uint32(n)}
}

func TestRangeFormatting(t *testing.T) {
	text := "disk = [ 'a.img, raw,xvda',\n 'b.img, raw,xvdb' ,\n 'c.img,raw,xvdc' ]\n"
	c := startServer(t, fake.Engine{}, Options{})
	c.initialize(`{}`)
	open(c, testURI, text, 1)
	for _, tc := range []struct {
		name        string
		from, to    string // the range runs from the first byte of from to the end of to
		want        string
		wantChanged int
	}{
		{"second spec", "b.img", "xvdb", strings.Replace(text, "b.img, raw", "b.img,raw", 1), 1},
		{"cursor in first", "a.img", "", strings.Replace(text, "a.img, raw", "a.img,raw", 1), 1},
		{"both", "a.img", "xvdb", strings.ReplaceAll(text, ", raw", ",raw"), 2},
		{"already canonical", "c.img", "xvdc", text, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := strings.Index(text, tc.from)
			e := s
			if tc.to != "" {
				e = strings.Index(text, tc.to) + len(tc.to)
			}
			var edits []TextEdit
			c.mustCall("textDocument/rangeFormatting", DocumentRangeFormattingParams{
				TextDocument: TextDocumentIdentifier{URI: testURI},
				Range:        Range{posOfOffset(t, text, s, "utf-16"), posOfOffset(t, text, e, "utf-16")}}, &edits)
			if len(edits) != tc.wantChanged {
				t.Errorf("%d edits, want %d: %+v", len(edits), tc.wantChanged, edits)
			}
			if got := apply(t, text, edits, "utf-16"); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
	// A file the formatter refuses gives an error response.
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: testURI, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: "disk = [ 'unterminated ]\n"}}})
	var edits []TextEdit
	err := c.call("textDocument/formatting", DocumentFormattingParams{TextDocument: TextDocumentIdentifier{URI: testURI}}, &edits)
	var je *jsonrpc2.Error
	if !errors.As(err, &je) || je.Code != codeRequestFailed || !strings.Contains(je.Message, "unterminated") {
		t.Errorf("formatting a broken file: %v", err)
	}
	c.shutdown()
}

func TestPlacelessDiagnostic(t *testing.T) {
	c := startServer(t, fake.Engine{}, Options{RulesURL: "https://example.invalid/rules"})
	c.initialize(`{}`)
	open(c, testURI, "name = 'x'\n", 1)
	p := c.waitDiags(testURI)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("diagnostics %+v", p.Diagnostics)
	}
	d := p.Diagnostics[0]
	if d.Range != (Range{}) || d.Severity != SeverityInformation || d.Code != "XLD992" ||
		d.CodeDescription.Href != "https://example.invalid/rules#xld992" {
		t.Errorf("placeless diagnostic %+v", d)
	}
	c.shutdown()
}

func TestBadInput(t *testing.T) {
	c := startServer(t, fake.Engine{}, Options{})
	var je *jsonrpc2.Error
	// Before initialize.
	err := c.call("textDocument/hover", TextDocumentPositionParams{}, nil)
	if !errors.As(err, &je) || je.Code != jsonrpc2.ServerNotInitialized {
		t.Errorf("hover before initialize: %v", err)
	}
	c.initialize(`{}`)
	if err := c.call("initialize", json.RawMessage(`{"capabilities":{}}`), nil); !errors.As(err, &je) || je.Code != jsonrpc2.InvalidRequest {
		t.Errorf("second initialize: %v", err)
	}
	// A malformed frame body and a frame that is not JSON-RPC.
	for _, body := range []string{"{not json", `{"jsonrpc":"2.0","id":7,"method":5}`, `[]`, `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":"x"}`} {
		if _, err := io.WriteString(c.raw, "Content-Length: "+itoa(len(body))+"\r\n\r\n"+body); err != nil {
			t.Fatal(err)
		}
	}
	// Bad params, unknown methods, unknown documents.
	if err := c.call("textDocument/hover", json.RawMessage(`{"textDocument":5}`), nil); !errors.As(err, &je) || je.Code != jsonrpc2.InvalidParams {
		t.Errorf("hover with bad params: %v", err)
	}
	if err := c.call("textDocument/noSuchThing", nil, nil); !errors.As(err, &je) || je.Code != jsonrpc2.MethodNotFound {
		t.Errorf("unknown method: %v", err)
	}
	c.notify("$/noSuchNotification", nil)
	var h json.RawMessage
	c.mustCall("textDocument/hover", TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: "file:///nope"}}, &h)
	if string(h) != "null" {
		t.Errorf("hover in an unknown document: %s", h)
	}
	// Positions far outside the document, and a range change past its end.
	open(c, testURI, "disk = [ 'x,,xvda' ]", 1)
	c.waitDiags(testURI)
	c.mustCall("textDocument/hover", TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: testURI},
		Position: Position{Line: 1 << 31, Character: 1 << 31}}, &h)
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument: VersionedTextDocumentIdentifier{URI: testURI, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Range: &Range{Start: Position{Line: 0, Character: 18},
			End: Position{Line: 99, Character: 99}}, Text: ",bogus=1' ]\n"}}})
	p := c.waitDiags(testURI)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "XLD990" {
		t.Errorf("after a range change: %+v", p.Diagnostics)
	}
	c.shutdown()
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestPanickyEngine(t *testing.T) {
	var log strings.Builder
	var mu sync.Mutex
	c := startServer(t, fake.Panicky{}, Options{Log: lockedWriter{&mu, &log}})
	c.initialize(`{}`)
	open(c, testURI, "disk = [ 'x' ]\n", 1)
	p := c.waitDiags(testURI)
	if len(p.Diagnostics) != 0 {
		t.Errorf("diagnostics %+v", p.Diagnostics)
	}
	var h json.RawMessage
	c.mustCall("textDocument/hover", TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: testURI}}, &h)
	var je *jsonrpc2.Error
	if err := c.call("textDocument/formatting", DocumentFormattingParams{TextDocument: TextDocumentIdentifier{URI: testURI}}, nil); !errors.As(err, &je) {
		t.Errorf("formatting with a panicking engine: %v", err)
	}
	c.shutdown()
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(log.String(), "engine panic in Lint") {
		t.Errorf("log %q", log.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, fake.Engine{}, Options{})
	c.initialize(`{}`)
	c.notify("exit", nil)
	if err := c.wait(); !errors.Is(err, ErrNoShutdown) {
		t.Errorf("Serve: %v, want ErrNoShutdown", err)
	}
}

func TestEOF(t *testing.T) {
	r, w := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- Serve(context.Background(), r, io.Discard, fake.Engine{}, Options{}) }()
	io.WriteString(w, "Content-Length: 2\r\n\r\n{}")
	w.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve at end of input: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return at end of input")
	}
}

// rawFrame writes one frame of body to w.
func rawFrame(w io.Writer, body string) error {
	_, err := io.WriteString(w, "Content-Length: "+itoa(len(body))+"\r\n\r\n"+body)
	return err
}

// readFrame reads one frame's body from r.
func readFrame(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	n := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading a frame: %v", err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			n, _ = strconv.Atoi(v)
		}
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// A client that never reads the server's output must not keep the server
// from reading: exit still ends it.
func TestClientNotReading(t *testing.T) {
	in, inW := io.Pipe()
	_, out := io.Pipe() // nobody reads
	done := make(chan error, 1)
	go func() { done <- Serve(context.Background(), in, out, fake.Engine{}, Options{}) }()
	go func() {
		rawFrame(inW, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
		for i := 0; i < 50; i++ {
			rawFrame(inW, `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a`+itoa(i)+`","version":1,"text":"disk=['x,bogus=1']"}}}`)
			rawFrame(inW, `{"jsonrpc":"2.0","id":`+itoa(i+2)+`,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a1"},"position":{"line":0,"character":9}}}`)
		}
		rawFrame(inW, `{"jsonrpc":"2.0","method":"exit"}`)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Serve blocked on a client that does not read")
	}
}

// slowEngine's Hover waits until release is closed.
type slowEngine struct {
	fake.Engine
	started chan struct{}
	release chan struct{}
}

func (e slowEngine) Hover(path string, src []byte, off int) (string, *diag.Range, bool) {
	close(e.started)
	<-e.release
	return e.Engine.Hover(path, src, off)
}

// $/cancelRequest cancels a request in flight: it is answered with
// RequestCancelled, and the server keeps answering others meanwhile.
func TestCancel(t *testing.T) {
	in, inW := io.Pipe()
	outR, out := io.Pipe()
	eng := slowEngine{started: make(chan struct{}), release: make(chan struct{})}
	done := make(chan error, 1)
	go func() { done <- Serve(context.Background(), in, out, eng, Options{}) }()
	r := bufio.NewReader(outR)
	send := func(body string) {
		go rawFrame(inW, body)
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
	readFrame(t, r)
	send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a","version":1,"text":"disk = [ 'x,,xvda' ]"}}}`)
	readFrame(t, r) // its diagnostics
	send(`{"jsonrpc":"2.0","id":"h","method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a"},"position":{"line":0,"character":11}}}`)
	<-eng.started
	send(`{"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///a"},"position":{"line":0,"character":12}}}`)
	if got := readFrame(t, r); !strings.Contains(got, `"id":2`) || !strings.Contains(got, "format=") {
		t.Errorf("completion while a hover is in flight: %s", got)
	}
	send(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"h"}}`)
	time.Sleep(50 * time.Millisecond) // let the cancellation land before the engine returns
	close(eng.release)
	if got := readFrame(t, r); !strings.Contains(got, `"id":"h"`) || !strings.Contains(got, "-32800") {
		t.Errorf("cancelled hover answered %s", got)
	}
	send(`{"jsonrpc":"2.0","method":"exit"}`)
	select {
	case err := <-done:
		if !errors.Is(err, ErrNoShutdown) {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
}

func TestLineIndex(t *testing.T) {
	text := "a😀b\r\nä\rc\n\nlast"
	ix := newLineIndex([]byte(text))
	for _, tc := range []struct {
		off        int
		utf16, utf Position
	}{
		{0, Position{0, 0}, Position{0, 0}},
		{1, Position{0, 1}, Position{0, 1}},
		{3, Position{0, 1}, Position{0, 1}}, // inside 😀: its start
		{5, Position{0, 3}, Position{0, 5}},
		{6, Position{0, 4}, Position{0, 6}},
		{7, Position{0, 4}, Position{0, 6}}, // the \n of \r\n
		{8, Position{1, 0}, Position{1, 0}},
		{10, Position{1, 1}, Position{1, 2}},
		{11, Position{2, 0}, Position{2, 0}},
		{13, Position{3, 0}, Position{3, 0}},
		{14, Position{4, 0}, Position{4, 0}},
		{18, Position{4, 4}, Position{4, 4}},
		{99, Position{4, 4}, Position{4, 4}},
	} {
		if got := ix.position(tc.off, encUTF16); got != tc.utf16 {
			t.Errorf("position(%d, utf-16) = %+v, want %+v", tc.off, got, tc.utf16)
		}
		if got := ix.position(tc.off, encUTF8); got != tc.utf {
			t.Errorf("position(%d, utf-8) = %+v, want %+v", tc.off, got, tc.utf)
		}
	}
	for _, tc := range []struct {
		p    Position
		enc  encoding
		want int
	}{
		{Position{0, 2}, encUTF16, 1}, // inside the surrogate pair
		{Position{0, 3}, encUTF16, 5},
		{Position{0, 99}, encUTF16, 6},
		{Position{0, 3}, encUTF8, 1}, // inside the UTF-8 sequence
		{Position{1, 1}, encUTF16, 10},
		{Position{9, 0}, encUTF16, len(text)},
	} {
		if got := ix.offset(tc.p, tc.enc); got != tc.want {
			t.Errorf("offset(%+v, %v) = %d, want %d", tc.p, tc.enc, got, tc.want)
		}
	}
}

func TestFileOffset(t *testing.T) {
	src := []byte("ab\ncdé\nf")
	for _, tc := range []struct {
		p    diag.Pos
		want int
		ok   bool
	}{
		{diag.Pos{}, 0, false},
		{diag.Pos{Line: 2, Column: 2, Offset: 4}, 4, true},
		{diag.Pos{Line: 2, Column: 2, Offset: 0}, 4, true},   // offset disagrees: line and column
		{diag.Pos{Line: 2, Column: 99, Offset: -1}, 7, true}, // column past the line: its end
		{diag.Pos{Line: 9, Column: 1, Offset: 99}, len(src), true},
	} {
		got, ok := newNLIndex(src).fileOffset(tc.p)
		if got != tc.want || ok != tc.ok {
			t.Errorf("fileOffset(%+v) = %d, %v, want %d, %v", tc.p, got, ok, tc.want, tc.ok)
		}
	}
	if !utf8.Valid(src) {
		t.Fatal("test text")
	}
}

func TestSpecVdev(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"/x,raw,xvda,w", "xvda"},
		{"/x,,xvdb", "xvdb"},
		{"phy:/dev/vg/a,xvdc,w", "xvdc"},
		{"format=raw,/x,xvdd", "xvdd"},
		{"vdev=hda:cdrom,access=r,target=/x", "hda"},
		{"target=/x,vdev=xvde", ""},
		{"/x,raw", ""},
		{"discard,/x,raw,xvdf", "xvdf"},
	} {
		if got := specVdev(tc.spec); got != tc.want {
			t.Errorf("specVdev(%q) = %q, want %q", tc.spec, got, tc.want)
		}
	}
}
