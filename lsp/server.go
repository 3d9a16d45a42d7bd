package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/xldisk/xldisk/diag"
)

// ErrNoShutdown is returned by Serve when the client sent exit without
// shutdown first: the protocol asks the server to exit with status 1.
var ErrNoShutdown = errors.New("lsp: exit before shutdown")

// LSP error codes that jsonrpc2 does not name.
const (
	codeRequestFailed    jsonrpc2.Code = -32803
	codeRequestCancelled jsonrpc2.Code = -32800
)

// closeGrace bounds how long Serve waits for the connection to drain once
// the client has gone: a client that stopped reading cannot hold it.
const closeGrace = 2 * time.Second

// Serve runs the language server on in and out until the client sends
// exit, in reaches its end, or ctx is cancelled. It returns nil for a
// clean end (exit after shutdown, end of input, cancellation) and
// ErrNoShutdown for exit without shutdown. Serve closes in and out when
// they are io.Closers. Nothing the client sends makes it panic, and a
// client that does not read its output blocks only the publication of
// diagnostics, never the reading of requests.
func Serve(ctx context.Context, in io.Reader, out io.Writer, eng Engine, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := newServer(eng, opts)
	st := &streams{in: in, out: out}
	conn := jsonrpc2.NewConn(&tolerantStream{Stream: jsonrpc2.NewHeaderStream(st), logf: s.logf}, jsonrpc2.WithCodec(stdCodec{}))
	h, canceller := jsonrpc2.CancelHandler(s.handle)
	s.canceller = canceller
	go s.pub.run(ctx, conn, s.logf)
	conn.Go(ctx, h)
	select {
	case <-conn.Done():
	case <-s.exit:
	case <-ctx.Done():
	}
	cancel()
	s.stop()
	// Close the streams first: that unblocks a write to a client that
	// stopped reading, which the connection's Close would wait for.
	_ = st.Close()
	closed := make(chan struct{})
	go func() {
		_ = conn.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(closeGrace):
		s.logf("connection did not drain in %v; leaving it", closeGrace)
	}
	if err := conn.Err(); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
		s.logf("connection: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.exited && !s.shutdown {
		return ErrNoShutdown
	}
	return nil
}

// streams joins the two halves of stdio into the connection's
// io.ReadWriteCloser.
type streams struct {
	in   io.Reader
	out  io.Writer
	once sync.Once
}

func (s *streams) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s *streams) Write(p []byte) (int, error) { return s.out.Write(p) }

func (s *streams) Close() error {
	s.once.Do(func() {
		if c, ok := s.in.(io.Closer); ok {
			_ = c.Close()
		}
		if c, ok := s.out.(io.Closer); ok {
			_ = c.Close()
		}
	})
	return nil
}

// tolerantStream reads past a frame whose body is not a JSON-RPC message
// (jsonrpc2 would end the connection): it answers it with the JSON-RPC
// error and a null id, as the JSON-RPC specification asks, and reads the
// next frame. A frame whose header is broken still ends the connection:
// nothing says where the next one starts.
type tolerantStream struct {
	jsonrpc2.Stream
	logf func(string, ...any)
	// answering is set while an error answer is being written; further bad
	// frames meanwhile are not answered, so that a client that sends
	// garbage and does not read cannot pile up writers.
	answering atomic.Bool
}

func (s *tolerantStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		msg, n, err := s.Stream.Read(ctx)
		var je *jsonrpc2.Error
		if err == nil || !errors.As(err, &je) {
			return msg, n, err
		}
		s.logf("bad message: %v", err)
		if s.answering.CompareAndSwap(false, true) {
			go func() {
				defer s.answering.Store(false)
				_, _ = s.Stream.Write(ctx, jsonrpc2.NewResponse(jsonrpc2.ID{}, nil, je))
			}()
		}
	}
}

// stdCodec marshals with encoding/json, whose rules the protocol types'
// tags are written for.
type stdCodec struct{}

func (stdCodec) Marshal(v any) ([]byte, error)      { return json.Marshal(v) }
func (stdCodec) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// document is an open document.
type document struct {
	uri     string
	path    string
	version int32
	text    []byte
	// gen counts the scheduled lints; a lint publishes only if no newer
	// one was scheduled since.
	gen   uint64
	timer *time.Timer
}

// server is one connection's state.
type server struct {
	eng       Engine
	opts      Options
	canceller func(jsonrpc2.ID)
	pub       *publisher
	exit      chan struct{}
	lintSem   chan struct{}

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	exited      bool
	stopped     bool
	enc         encoding
	docs        map[string]*document
}

func newServer(eng Engine, opts Options) *server {
	return &server{
		eng:     eng,
		opts:    opts,
		pub:     newPublisher(),
		exit:    make(chan struct{}),
		lintSem: make(chan struct{}, 1),
		docs:    map[string]*document{},
	}
}

func (s *server) logf(format string, args ...any) {
	if s.opts.Log == nil {
		return
	}
	msg := diag.OneLine(fmt.Sprintf(format, args...))
	fmt.Fprintf(s.opts.Log, "xldisk lsp: %s\n", msg)
}

// stop cancels the pending lints.
func (s *server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	for _, d := range s.docs {
		if d.timer != nil {
			d.timer.Stop()
		}
	}
}

// handle dispatches one message. Notifications are handled in order on
// the read loop (they are quick: they update the documents and schedule
// lints); calls take what they need from the documents in order, then
// release the read loop and run concurrently.
func (s *server) handle(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
	method := req.Method()
	call := req.IsCall()
	defer func() {
		if p := recover(); p != nil {
			s.logf("panic in %s: %v\n%s", method, p, debug.Stack())
			result = nil
			err = nil
			if call {
				err = jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("internal error in %s", method))
			}
		}
	}()
	if !call {
		s.notification(method, json.RawMessage(req.Params()))
		return nil, nil // a notification's error would end the connection
	}
	// Whatever a call does on the read loop, its reply is written after
	// the loop is released, so that a client that does not read cannot
	// stop the server from reading (exit, say).
	var once sync.Once
	release := func() { once.Do(func() { jsonrpc2.Async(ctx) }) }
	defer release()
	return s.call(ctx, method, json.RawMessage(req.Params()), release)
}

func (s *server) notification(method string, params json.RawMessage) {
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	switch method {
	case "exit":
		s.mu.Lock()
		if !s.exited {
			s.exited = true
			close(s.exit)
		}
		s.mu.Unlock()
		return
	case "$/cancelRequest":
		var p CancelParams
		if json.Unmarshal(params, &p) == nil {
			switch id := p.ID.(type) {
			case float64:
				s.canceller(jsonrpc2.NewNumberID(int64(id)))
			case string:
				s.canceller(jsonrpc2.NewStringID(id))
			}
		}
		return
	}
	if !initialized || shutdown {
		return
	}
	switch method {
	case "initialized", "$/setTrace", "workspace/didChangeConfiguration", "textDocument/didSave":
	case "textDocument/didOpen":
		var p DidOpenTextDocumentParams
		if err := json.Unmarshal(params, &p); err != nil {
			s.logf("didOpen: %v", err)
			return
		}
		s.open(p.TextDocument)
	case "textDocument/didChange":
		var p DidChangeTextDocumentParams
		if err := json.Unmarshal(params, &p); err != nil {
			s.logf("didChange: %v", err)
			return
		}
		s.change(p)
	case "textDocument/didClose":
		var p DidCloseTextDocumentParams
		if err := json.Unmarshal(params, &p); err != nil {
			s.logf("didClose: %v", err)
			return
		}
		s.close(p.TextDocument.URI)
	default:
		// Unknown notifications are ignored, as the protocol asks.
	}
}

func invalidParams(method string, err error) error {
	return jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("%s: %v", method, err))
}

// call answers a request. It runs on the read loop until it calls release
// (which it does once it has taken what it needs from the documents), so
// that requests see the documents as the notifications before them left
// them.
func (s *server) call(ctx context.Context, method string, params json.RawMessage, release func()) (any, error) {
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	if method == "initialize" {
		if initialized {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize sent twice")
		}
		var p InitializeParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(method, err)
		}
		return s.initialize(p), nil
	}
	if !initialized {
		return nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized")
	}
	if shutdown {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shutting down")
	}
	switch method {
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		s.stop()
		return nil, nil
	case "textDocument/hover":
		var p TextDocumentPositionParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(method, err)
		}
		snap, ok := s.snapshot(p.TextDocument.URI)
		release()
		if !ok {
			return nil, nil
		}
		return s.hover(ctx, snap, p.Position)
	case "textDocument/formatting":
		var p DocumentFormattingParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(method, err)
		}
		snap, ok := s.snapshot(p.TextDocument.URI)
		release()
		if !ok {
			return nil, nil
		}
		return s.format(ctx, snap, nil)
	case "textDocument/rangeFormatting":
		var p DocumentRangeFormattingParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(method, err)
		}
		snap, ok := s.snapshot(p.TextDocument.URI)
		release()
		if !ok {
			return nil, nil
		}
		return s.format(ctx, snap, &p.Range)
	case "textDocument/codeAction":
		var p CodeActionParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(method, err)
		}
		snap, ok := s.snapshot(p.TextDocument.URI)
		release()
		if !ok {
			return []CodeAction{}, nil
		}
		return s.codeActions(ctx, snap, p)
	case "textDocument/completion":
		var p CompletionParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(method, err)
		}
		snap, ok := s.snapshot(p.TextDocument.URI)
		if !ok || len(snap.text) > s.opts.maxDocument() {
			return CompletionList{Items: []CompletionItem{}}, nil
		}
		ix := newLineIndex(snap.text)
		items := complete(snap.text, ix.offset(p.Position, snap.enc), ix, snap.enc, s.opts.Xen)
		if items == nil {
			items = []CompletionItem{}
		}
		return CompletionList{Items: items}, nil
	}
	return nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, "method not found: "+method)
}

// initialize negotiates the position encoding and states the
// capabilities.
func (s *server) initialize(p InitializeParams) InitializeResult {
	enc, offsetEnc := encUTF16, ""
	if p.Capabilities.General != nil && len(p.Capabilities.General.PositionEncodings) > 0 {
		for _, e := range p.Capabilities.General.PositionEncodings {
			if e == "utf-8" {
				enc = encUTF8
			}
		}
	} else {
		for _, e := range p.Capabilities.OffsetEncoding {
			if e == "utf-8" {
				enc = encUTF8
				offsetEnc = "utf-8"
			}
		}
	}
	s.mu.Lock()
	s.initialized = true
	s.enc = enc
	s.mu.Unlock()
	res := InitializeResult{
		Capabilities: ServerCapabilities{
			PositionEncoding:                enc.String(),
			TextDocumentSync:                TextDocumentSyncOptions{OpenClose: true, Change: 1},
			HoverProvider:                   true,
			DocumentFormattingProvider:      true,
			DocumentRangeFormattingProvider: true,
			CodeActionProvider:              &CodeActionOptions{CodeActionKinds: []string{CodeActionQuickFix}},
			CompletionProvider:              &CompletionOptions{TriggerCharacters: []string{",", "=", "'", "\""}},
		},
		ServerInfo:     &ServerInfo{Name: "xldisk", Version: s.opts.Version},
		OffsetEncoding: offsetEnc,
	}
	if offsetEnc != "" {
		res.Capabilities.PositionEncoding = "" // the client did not speak 3.17's negotiation
	}
	return res
}

// uriPath returns the file path of a file: URI, or the URI itself.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return uri
	}
	return u.Path
}

// snap is a copy of what a request needs of a document.
type snap struct {
	uri  string
	path string
	text []byte
	enc  encoding
}

func (s *server) snapshot(uri string) (snap, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	if d == nil {
		return snap{}, false
	}
	return snap{uri: uri, path: d.path, text: d.text, enc: s.enc}, true
}

func (s *server) open(item TextDocumentItem) {
	s.mu.Lock()
	d := s.docs[item.URI]
	if d == nil {
		d = &document{uri: item.URI, path: uriPath(item.URI)}
		s.docs[item.URI] = d
	}
	d.version = item.Version
	d.text = []byte(item.Text)
	s.scheduleLocked(d, 0)
	s.mu.Unlock()
}

func (s *server) change(p DidChangeTextDocumentParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return
	}
	for _, c := range p.ContentChanges {
		d.text = applyChange(d.text, c, s.enc)
	}
	d.version = p.TextDocument.Version
	s.scheduleLocked(d, s.opts.debounce())
}

// applyChange applies one content change: the whole text, or a range
// replacement with the range clamped into the text.
func applyChange(text []byte, c TextDocumentContentChangeEvent, enc encoding) []byte {
	if c.Range == nil {
		return []byte(c.Text)
	}
	ix := newLineIndex(text)
	st, en := ix.offsets(*c.Range, enc)
	out := make([]byte, 0, len(text)-(en-st)+len(c.Text))
	out = append(out, text[:st]...)
	out = append(out, c.Text...)
	out = append(out, text[en:]...)
	return out
}

func (s *server) close(uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	if d == nil {
		return
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	delete(s.docs, uri)
	s.pub.queue(PublishDiagnosticsParams{URI: uri, Diagnostics: []Diagnostic{}})
}

// scheduleLocked lints d after delay, replacing a pending lint. s.mu is
// held.
func (s *server) scheduleLocked(d *document, delay time.Duration) {
	if s.stopped {
		return
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	d.gen++
	gen, uri := d.gen, d.uri
	d.timer = time.AfterFunc(delay, func() { s.lint(uri, gen) })
}

// lint lints the current text of a document and queues its diagnostics,
// unless the document changed or closed meanwhile. Lints run one at a
// time.
func (s *server) lint(uri string, gen uint64) {
	s.lintSem <- struct{}{}
	defer func() { <-s.lintSem }()
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil || d.gen != gen || s.stopped {
		s.mu.Unlock()
		return
	}
	text, path, version, enc := d.text, d.path, d.version, s.enc
	s.mu.Unlock()

	var diags []Diagnostic
	if len(text) <= s.opts.maxDocument() {
		c := newConverter(text, path, enc, s.opts.rulesURL())
		diags = c.diagnostics(s.safeLint(path, text))
	} else {
		s.logf("%s: %d bytes, larger than %d: not linted", uri, len(text), s.opts.maxDocument())
		diags = []Diagnostic{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d2 := s.docs[uri]; d2 != d || d.gen != gen || s.stopped {
		return
	}
	v := version
	s.pub.queue(PublishDiagnosticsParams{URI: uri, Version: &v, Diagnostics: diags})
}

// safeLint calls the engine, turning a panic into no findings.
func (s *server) safeLint(path string, text []byte) (l diag.List) {
	defer func() {
		if p := recover(); p != nil {
			s.logf("engine panic in Lint(%s): %v\n%s", path, p, debug.Stack())
			l = nil
		}
	}()
	return s.eng.Lint(path, text)
}

func (s *server) safeFormat(path string, text []byte) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.logf("engine panic in Format(%s): %v\n%s", path, p, debug.Stack())
			out, err = nil, errors.New("internal error in the formatter")
		}
	}()
	return s.eng.Format(path, text)
}

func (s *server) safeHover(path string, text []byte, off int) (md string, r *diag.Range, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			s.logf("engine panic in Hover(%s): %v\n%s", path, p, debug.Stack())
			md, r, ok = "", nil, false
		}
	}()
	return s.eng.Hover(path, text, off)
}

func cancelled(ctx context.Context) error {
	if ctx.Err() != nil {
		return jsonrpc2.NewError(codeRequestCancelled, "request cancelled")
	}
	return nil
}

func (s *server) hover(ctx context.Context, sn snap, pos Position) (any, error) {
	if len(sn.text) > s.opts.maxDocument() {
		return nil, nil
	}
	c := newConverter(sn.text, sn.path, sn.enc, s.opts.rulesURL())
	md, r, ok := s.safeHover(sn.path, sn.text, c.ix.offset(pos, sn.enc))
	if err := cancelled(ctx); err != nil {
		return nil, err
	}
	if !ok || strings.TrimSpace(md) == "" {
		return nil, nil
	}
	h := &Hover{Contents: MarkupContent{Kind: "markdown", Value: md}}
	if st, en, ok := c.offsets(r); ok {
		rg := c.ix.rangeOf(st, en, sn.enc)
		h.Range = &rg
	}
	return h, nil
}

// format answers formatting (rng nil) and range formatting: the edits of
// the fmt rewrite, for range formatting only those of the disk specs the
// range touches.
func (s *server) format(ctx context.Context, sn snap, rng *Range) (any, error) {
	if len(sn.text) > s.opts.maxDocument() {
		return []TextEdit{}, nil
	}
	out, err := s.safeFormat(sn.path, sn.text)
	if e := cancelled(ctx); e != nil {
		return nil, e
	}
	if err != nil {
		return nil, jsonrpc2.NewError(codeRequestFailed, diag.OneLine(err.Error()))
	}
	ix := newLineIndex(sn.text)
	edits, spans := formatEdits(sn.text, out, ix, sn.enc)
	if rng == nil {
		return edits, nil
	}
	rs, re := ix.offsets(*rng, sn.enc)
	kept := []TextEdit{}
	for i, e := range edits {
		if overlaps(spans[i][0], spans[i][1], rs, re) {
			kept = append(kept, e)
		}
	}
	return kept, nil
}

// codeActions returns the quick fixes of the findings at the range: the
// document is linted again so that the edits match its current text.
func (s *server) codeActions(ctx context.Context, sn snap, p CodeActionParams) (any, error) {
	actions := []CodeAction{}
	if len(sn.text) > s.opts.maxDocument() {
		return actions, nil
	}
	if len(p.Context.Only) > 0 {
		want := false
		for _, k := range p.Context.Only {
			if k == CodeActionQuickFix || k == "" || strings.HasPrefix(CodeActionQuickFix, k+".") {
				want = true
			}
		}
		if !want {
			return actions, nil
		}
	}
	list := s.safeLint(sn.path, sn.text)
	if err := cancelled(ctx); err != nil {
		return nil, err
	}
	c := newConverter(sn.text, sn.path, sn.enc, s.opts.rulesURL())
	rs, re := c.ix.offsets(p.Range, sn.enc)
	for _, d := range list {
		st, en, ok := c.offsets(d.Range)
		if !ok || !overlaps(st, en, rs, re) {
			continue
		}
		edits, ok := c.fixEdits(d.Suggestion)
		if !ok {
			continue
		}
		title := d.Suggestion.Message
		if title == "" {
			title = "apply the suggested fix"
		}
		if id := d.Rule.String(); id != "" {
			title += " (" + id + ")"
		}
		actions = append(actions, CodeAction{
			Title:       title,
			Kind:        CodeActionQuickFix,
			Diagnostics: []Diagnostic{c.diagnostic(d)},
			IsPreferred: true,
			Edit:        &WorkspaceEdit{Changes: map[string][]TextEdit{sn.uri: edits}},
		})
	}
	if len(actions) > 1 {
		for i := range actions {
			actions[i].IsPreferred = false
		}
	}
	return actions, nil
}

// publisher sends diagnostics from its own goroutine, so that a client
// that reads slowly delays only the publication; while it waits, newer
// diagnostics of a document replace older ones that were not sent yet.
type publisher struct {
	mu      sync.Mutex
	pending map[string]PublishDiagnosticsParams
	order   []string
	wake    chan struct{}
}

func newPublisher() *publisher {
	return &publisher{pending: map[string]PublishDiagnosticsParams{}, wake: make(chan struct{}, 1)}
}

func (p *publisher) queue(d PublishDiagnosticsParams) {
	p.mu.Lock()
	if _, ok := p.pending[d.URI]; !ok {
		p.order = append(p.order, d.URI)
	}
	p.pending[d.URI] = d
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

func (p *publisher) run(ctx context.Context, conn jsonrpc2.Conn, logf func(string, ...any)) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.wake:
		}
		for {
			p.mu.Lock()
			if len(p.order) == 0 {
				p.mu.Unlock()
				break
			}
			uri := p.order[0]
			p.order = p.order[1:]
			d := p.pending[uri]
			delete(p.pending, uri)
			p.mu.Unlock()
			if err := conn.Notify(ctx, "textDocument/publishDiagnostics", d); err != nil {
				if ctx.Err() != nil {
					return
				}
				logf("publishDiagnostics %s: %v", uri, err)
			}
		}
	}
}
