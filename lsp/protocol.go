package lsp

// The subset of the Language Server Protocol 3.17 types the server speaks.
// go.lsp.dev/jsonrpc2 does the JSON-RPC framing and dispatch; these are the
// message bodies, written from the specification (field names and numbers
// are the protocol's).

// Position is a zero-based line and a character offset in the line, in the
// negotiated position encoding (UTF-16 code units unless the client and
// the server agreed on UTF-8).
type Position struct {
	Line      uint32 `json:"line"`
	Character uint32 `json:"character"`
}

// Range is a half-open range of positions.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// TextEdit replaces Range with NewText.
type TextEdit struct {
	Range   Range  `json:"range"`
	NewText string `json:"newText"`
}

// TextDocumentIdentifier names a document by URI.
type TextDocumentIdentifier struct {
	URI string `json:"uri"`
}

// VersionedTextDocumentIdentifier names a version of a document.
type VersionedTextDocumentIdentifier struct {
	URI     string `json:"uri"`
	Version int32  `json:"version"`
}

// TextDocumentItem is an opened document.
type TextDocumentItem struct {
	URI        string `json:"uri"`
	LanguageID string `json:"languageId"`
	Version    int32  `json:"version"`
	Text       string `json:"text"`
}

// DidOpenTextDocumentParams are textDocument/didOpen's params.
type DidOpenTextDocumentParams struct {
	TextDocument TextDocumentItem `json:"textDocument"`
}

// TextDocumentContentChangeEvent is one change: the whole text when Range
// is nil, else a replacement of Range.
type TextDocumentContentChangeEvent struct {
	Range *Range `json:"range,omitempty"`
	Text  string `json:"text"`
}

// DidChangeTextDocumentParams are textDocument/didChange's params.
type DidChangeTextDocumentParams struct {
	TextDocument   VersionedTextDocumentIdentifier  `json:"textDocument"`
	ContentChanges []TextDocumentContentChangeEvent `json:"contentChanges"`
}

// DidCloseTextDocumentParams are textDocument/didClose's params.
type DidCloseTextDocumentParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

// TextDocumentPositionParams name a position in a document.
type TextDocumentPositionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Position     Position               `json:"position"`
}

// LSP diagnostic severities.
const (
	SeverityError       = 1
	SeverityWarning     = 2
	SeverityInformation = 3
	SeverityHint        = 4
)

// CodeDescription links a diagnostic's code to its documentation.
type CodeDescription struct {
	Href string `json:"href"`
}

// Diagnostic is an LSP diagnostic.
type Diagnostic struct {
	Range           Range            `json:"range"`
	Severity        int              `json:"severity,omitempty"`
	Code            string           `json:"code,omitempty"`
	CodeDescription *CodeDescription `json:"codeDescription,omitempty"`
	Source          string           `json:"source,omitempty"`
	Message         string           `json:"message"`
}

// PublishDiagnosticsParams are textDocument/publishDiagnostics' params.
type PublishDiagnosticsParams struct {
	URI         string       `json:"uri"`
	Version     *int32       `json:"version,omitempty"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// MarkupContent is text for people; Kind is "markdown" or "plaintext".
type MarkupContent struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// Hover is textDocument/hover's result.
type Hover struct {
	Contents MarkupContent `json:"contents"`
	Range    *Range        `json:"range,omitempty"`
}

// DocumentFormattingParams are textDocument/formatting's params (the
// formatting options are ignored: the fmt rewrite has no options).
type DocumentFormattingParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

// DocumentRangeFormattingParams are textDocument/rangeFormatting's params.
type DocumentRangeFormattingParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Range        Range                  `json:"range"`
}

// CodeActionContext carries the diagnostics the client shows at the range.
type CodeActionContext struct {
	Diagnostics []Diagnostic `json:"diagnostics"`
	Only        []string     `json:"only,omitempty"`
}

// CodeActionParams are textDocument/codeAction's params.
type CodeActionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Range        Range                  `json:"range"`
	Context      CodeActionContext      `json:"context"`
}

// WorkspaceEdit changes documents; Changes maps a URI to its edits.
type WorkspaceEdit struct {
	Changes map[string][]TextEdit `json:"changes"`
}

// CodeActionQuickFix is the code action kind of the fixes.
const CodeActionQuickFix = "quickfix"

// CodeAction is one quick fix.
type CodeAction struct {
	Title       string         `json:"title"`
	Kind        string         `json:"kind"`
	Diagnostics []Diagnostic   `json:"diagnostics,omitempty"`
	IsPreferred bool           `json:"isPreferred,omitempty"`
	Edit        *WorkspaceEdit `json:"edit,omitempty"`
}

// CompletionParams are textDocument/completion's params.
type CompletionParams struct {
	TextDocumentPositionParams
}

// LSP completion item kinds used here.
const (
	CompletionKindValue    = 12
	CompletionKindKeyword  = 14
	CompletionKindProperty = 10
)

// CompletionItem is one completion.
type CompletionItem struct {
	Label      string    `json:"label"`
	Kind       int       `json:"kind,omitempty"`
	Detail     string    `json:"detail,omitempty"`
	SortText   string    `json:"sortText,omitempty"`
	FilterText string    `json:"filterText,omitempty"`
	TextEdit   *TextEdit `json:"textEdit,omitempty"`
}

// CompletionList is textDocument/completion's result.
type CompletionList struct {
	IsIncomplete bool             `json:"isIncomplete"`
	Items        []CompletionItem `json:"items"`
}

// ClientCapabilities is the part of the client's capabilities the server
// reads: the position encodings it offers (LSP 3.17's
// general.positionEncodings, and clangd's older offsetEncoding, which
// neovim and others send).
type ClientCapabilities struct {
	General *struct {
		PositionEncodings []string `json:"positionEncodings,omitempty"`
	} `json:"general,omitempty"`
	OffsetEncoding []string `json:"offsetEncoding,omitempty"`
}

// InitializeParams are initialize's params (only what the server reads).
type InitializeParams struct {
	ProcessID    *int               `json:"processId"`
	RootURI      *string            `json:"rootUri,omitempty"`
	Capabilities ClientCapabilities `json:"capabilities"`
}

// TextDocumentSyncOptions says how documents are synchronised.
type TextDocumentSyncOptions struct {
	OpenClose bool `json:"openClose"`
	// Change is 1: full text on every change.
	Change int `json:"change"`
}

// CompletionOptions says when the client should ask for completions.
type CompletionOptions struct {
	TriggerCharacters []string `json:"triggerCharacters,omitempty"`
}

// CodeActionOptions lists the code action kinds served.
type CodeActionOptions struct {
	CodeActionKinds []string `json:"codeActionKinds,omitempty"`
}

// ServerCapabilities is what the server can do.
type ServerCapabilities struct {
	PositionEncoding                string                  `json:"positionEncoding,omitempty"`
	TextDocumentSync                TextDocumentSyncOptions `json:"textDocumentSync"`
	HoverProvider                   bool                    `json:"hoverProvider"`
	DocumentFormattingProvider      bool                    `json:"documentFormattingProvider"`
	DocumentRangeFormattingProvider bool                    `json:"documentRangeFormattingProvider"`
	CodeActionProvider              *CodeActionOptions      `json:"codeActionProvider,omitempty"`
	CompletionProvider              *CompletionOptions      `json:"completionProvider,omitempty"`
}

// ServerInfo names the server.
type ServerInfo struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

// InitializeResult is initialize's result. OffsetEncoding answers clangd's
// extension, set only when the client offered it and not 3.17's
// positionEncodings.
type InitializeResult struct {
	Capabilities   ServerCapabilities `json:"capabilities"`
	ServerInfo     *ServerInfo        `json:"serverInfo,omitempty"`
	OffsetEncoding string             `json:"offsetEncoding,omitempty"`
}

// CancelParams are $/cancelRequest's params: the id is a number or a
// string.
type CancelParams struct {
	ID any `json:"id"`
}
