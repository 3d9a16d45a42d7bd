package lsp_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
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

// client is the editor's side: it writes framed messages and reads the
// server's replies until the one with the id it waits for.
type client struct {
	w io.Writer
	r *bufio.Reader
}

func (c client) send(msg string) { fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(msg), msg) }

func (c client) reply(id int) json.RawMessage {
	for {
		n := 0
		for {
			line, err := c.r.ReadString('\n')
			if err != nil {
				return nil
			}
			if line == "\r\n" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(c.r, body); err != nil {
			return nil
		}
		var m struct {
			ID     *int            `json:"id"`
			Result json.RawMessage `json:"result"`
		}
		if json.Unmarshal(body, &m) == nil && m.ID != nil && *m.ID == id {
			return m.Result
		}
	}
}

func ExampleServe() {
	toServer, fromClient := io.Pipe()
	fromServer, toClient := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- lsp.Serve(context.Background(), toServer, toClient, noEngine{}, lsp.Options{Version: "example"})
	}()

	c := client{w: fromClient, r: bufio.NewReader(fromServer)}
	c.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-8","utf-16"]}}}}`)
	var init struct {
		Capabilities struct {
			PositionEncoding   string `json:"positionEncoding"`
			HoverProvider      bool   `json:"hoverProvider"`
			DocumentFormatting bool   `json:"documentFormattingProvider"`
		} `json:"capabilities"`
	}
	json.Unmarshal(c.reply(1), &init)
	fmt.Println(init.Capabilities.PositionEncoding, init.Capabilities.HoverProvider, init.Capabilities.DocumentFormatting)
	c.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	c.send(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`)
	fmt.Println("shutdown:", string(c.reply(2)))
	c.send(`{"jsonrpc":"2.0","method":"exit"}`)
	go io.Copy(io.Discard, fromServer)
	fmt.Println("served:", <-done)
	// Output:
	// utf-8 true true
	// shutdown: null
	// served: <nil>
}
