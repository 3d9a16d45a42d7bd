package lsp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/lsp"
)

// noEngine lints nothing: enough to show the protocol.
type noEngine struct{}

func (noEngine) Lint(string, []byte) diag.List               { return nil }
func (noEngine) Format(_ string, src []byte) ([]byte, error) { return src, nil }
func (noEngine) Hover(string, []byte, int) (string, *diag.Range, bool) {
	return "", nil, false
}

// frame writes one LSP message (a Content-Length header and the JSON).
func frame(b *bytes.Buffer, msg string) {
	fmt.Fprintf(b, "Content-Length: %d\r\n\r\n%s", len(msg), msg)
}

func ExampleServe() {
	var in, out bytes.Buffer
	frame(&in, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-8","utf-16"]}}}}`)
	frame(&in, `{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	frame(&in, `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`)
	frame(&in, `{"jsonrpc":"2.0","method":"exit"}`)
	err := lsp.Serve(context.Background(), &in, &out, noEngine{}, lsp.Options{Version: "example"})
	fmt.Println("served:", err)
	// The first reply holds the server's capabilities.
	body := out.String()
	body = body[strings.Index(body, "{"):]
	var reply struct {
		Result struct {
			Capabilities struct {
				PositionEncoding   string `json:"positionEncoding"`
				HoverProvider      bool   `json:"hoverProvider"`
				DocumentFormatting bool   `json:"documentFormattingProvider"`
			} `json:"capabilities"`
		} `json:"result"`
	}
	json.NewDecoder(strings.NewReader(body)).Decode(&reply)
	c := reply.Result.Capabilities
	fmt.Println(c.PositionEncoding, c.HoverProvider, c.DocumentFormatting)
	// Output:
	// served: <nil>
	// utf-8 true true
}
