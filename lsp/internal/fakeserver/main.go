// Command fakeserver serves the language server over stdin and stdout with
// the fake engine of lsp/internal/fake. It stands in for "xldisk lsp" in
// .ci/nvim-lsp.sh until the real engine and the CLI verb are merged.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/xldisk/xldisk/lsp"
	"github.com/xldisk/xldisk/lsp/internal/fake"
)

func main() {
	err := lsp.Serve(context.Background(), os.Stdin, os.Stdout, fake.Engine{}, lsp.Options{Log: os.Stderr, Version: "fake"})
	if errors.Is(err, lsp.ErrNoShutdown) {
		os.Exit(1)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakeserver:", err)
		os.Exit(1)
	}
}
