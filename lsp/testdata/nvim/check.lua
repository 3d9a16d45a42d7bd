-- Run by .ci/nvim-lsp.sh in a headless neovim (0.7's vim.lsp.start_client,
-- also present in later releases): starts the server named by
-- XLDISK_LSP_CMD on XLDISK_LSP_FILE (lsp/testdata/nvim/broken.cfg), waits
-- for its diagnostics and checks them, completion, hover and formatting as
-- the editor sees them, then stops the server. Any failure, or no
-- diagnostics at all, exits neovim with status 1.

local function log(msg)
  io.stdout:write('nvim-lsp: ' .. msg .. '\n')
end

local function fail(msg)
  io.stdout:write('nvim-lsp: FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local function main()
  local cmd = {}
  for w in (os.getenv('XLDISK_LSP_CMD') or ''):gmatch('%S+') do
    table.insert(cmd, w)
  end
  if #cmd == 0 then
    return fail('XLDISK_LSP_CMD is not set')
  end
  local file = os.getenv('XLDISK_LSP_FILE')
  if not file or file == '' then
    return fail('XLDISK_LSP_FILE is not set')
  end
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)

  local exit_code
  local id = vim.lsp.start_client({
    name = 'xldisk',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    on_exit = function(code, _) exit_code = code end,
  })
  if not id then
    return fail('vim.lsp.start_client failed for ' .. table.concat(cmd, ' '))
  end
  vim.lsp.buf_attach_client(bufnr, id)
  local client = vim.lsp.get_client_by_id(id)
  log('server ' .. table.concat(cmd, ' ') .. ', offset encoding ' .. tostring(client.offset_encoding))

  -- Diagnostics.
  if not vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50) then
    return fail('the editor saw no diagnostics')
  end
  local diags = vim.diagnostic.get(bufnr)
  for _, d in ipairs(diags) do
    log(string.format('diagnostic %d:%d-%d:%d severity %d [%s] %s', d.lnum + 1, d.col + 1,
      d.end_lnum + 1, d.end_col + 1, d.severity, tostring(d.code), d.message))
  end
  local want_line, want_col
  for i, l in ipairs(lines) do
    local c = l:find('fromat', 1, true)
    if c then want_line, want_col = i - 1, c - 1 end
  end
  local found
  for _, d in ipairs(diags) do
    if d.lnum == want_line and d.col == want_col and d.severity == vim.diagnostic.severity.ERROR then
      found = d
    end
  end
  if not found then
    return fail(string.format('no error at line %d, byte column %d (the "fromat" typo)', want_line + 1, want_col + 1))
  end
  local code = tostring(found.code)
  if not code:match('^XLD%d%d%d$') then
    return fail('code ' .. code .. ' is not a rule id')
  end
  local cd = found.user_data and found.user_data.lsp and found.user_data.lsp.codeDescription
  local href = cd and cd.href or ''
  if href:sub(-7) ~= '#' .. code:lower() then
    return fail('codeDescription ' .. href .. ' does not link to #' .. code:lower())
  end
  log('the typo has ' .. code .. ' at the right column, linked to ' .. href)

  -- Completion at the start of the second spec's vdev.
  local cl, cc
  for i, l in ipairs(lines) do
    local c = l:find('xvdb', 1, true)
    if c then cl, cc = i - 1, c - 1 end
  end
  local res, err = client.request_sync('textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = cl, character = cc },
  }, 10000, bufnr)
  if not res or res.err then
    return fail('completion: ' .. vim.inspect(err or res.err))
  end
  local labels = {}
  for _, it in ipairs((res.result or {}).items or res.result or {}) do
    labels[it.label] = true
  end
  if not labels['format='] or not labels['xvdc'] or labels['xvda'] then
    return fail('completion items: ' .. vim.inspect(vim.tbl_keys(labels)))
  end
  log('completion offers format= and the free xvdc, not the used xvda')

  -- Hover on the second spec.
  res, err = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = cl, character = cc },
  }, 10000, bufnr)
  if not res or res.err or not res.result or not res.result.contents then
    return fail('hover: ' .. vim.inspect(err or (res and (res.err or res.result))))
  end
  log('hover: ' .. (res.result.contents.value or vim.inspect(res.result.contents)):gsub('\n', ' '))

  -- Formatting: the second spec is rewritten, the rest is kept, and a
  -- second request has nothing more to do.
  local before = table.concat(lines, '\n')
  res, err = client.request_sync('textDocument/formatting', vim.lsp.util.make_formatting_params({}), 10000, bufnr)
  if not res or res.err then
    return fail('formatting: ' .. vim.inspect(err or res.err))
  end
  vim.lsp.util.apply_text_edits(res.result or {}, bufnr, client.offset_encoding)
  local after_lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local after = table.concat(after_lines, '\n')
  if after == before then
    return fail('formatting changed nothing')
  end
  if after:find("'/b.img, raw,xvdb'", 1, true) then
    return fail('formatting left the second spec alone:\n' .. after)
  end
  if not after:find("'/img/😀.img,raw,xvda,w,fromat=raw'", 1, true) or not after:find('name = "gäst"', 1, true) then
    return fail('formatting changed what it must keep:\n' .. after)
  end
  res, err = client.request_sync('textDocument/formatting', vim.lsp.util.make_formatting_params({}), 10000, bufnr)
  if not res or res.err or #(res.result or {}) ~= 0 then
    return fail('formatting twice: ' .. vim.inspect(err or res))
  end
  log('formatting rewrote the second spec only; again, nothing to do')

  -- Shutdown and exit: the server ends with status 0.
  vim.lsp.stop_client(id)
  if not vim.wait(10000, function() return exit_code ~= nil end, 50) then
    return fail('the server did not exit')
  end
  if exit_code ~= 0 then
    return fail('the server exited with status ' .. tostring(exit_code))
  end
  log('the server exited cleanly')
  log('ok')
  vim.cmd('qall!')
end

local ok, e = xpcall(main, debug.traceback)
if not ok then
  fail(tostring(e))
end
