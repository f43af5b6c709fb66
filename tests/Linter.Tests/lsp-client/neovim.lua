-- Neovim's built-in LSP client attached to `canaryguard lsp` on a real file, run headless by
-- tests/Linter.Tests/Lsp/NeovimTests.cs:
--   LSP_COMMAND='["canaryguard","lsp"]' LSP_FILE=/path/canary.yaml LSP_OUT=/path/out.json nvim --headless --clean -c 'luafile neovim.lua'
-- It waits for the diagnostics, writes them (line, column, code), asks for the "fix all" source action, applies its
-- workspace edit through Neovim, and writes the buffer's text. Works on Neovim 0.7 (Debian 12), which has
-- vim.lsp.start_client but not yet vim.lsp.start (docs/editors.md shows the vim.lsp.start form for 0.8+).
local command = vim.fn.json_decode(os.getenv('LSP_COMMAND'))
local file = os.getenv('LSP_FILE')
local out = os.getenv('LSP_OUT')

local function finish(result)
  local handle = io.open(out, 'w')
  handle:write(vim.fn.json_encode(result))
  handle:close()
  vim.cmd('qall!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
local root = vim.fn.fnamemodify(file, ':p:h')
local client_id = vim.lsp.start_client({ name = 'canaryguard', cmd = command, root_dir = root })
vim.lsp.buf_attach_client(buffer, client_id)

if not vim.wait(60000, function() return #vim.diagnostic.get(buffer) > 0 end, 20) then
  finish({ error = 'no diagnostics within 60 s' })
  return
end

local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  local lsp_diagnostic = d.user_data and d.user_data.lsp or d
  table.insert(diagnostics, { line = d.lnum + 1, column = d.col + 1, code = lsp_diagnostic.code })
end

local client = vim.lsp.get_client_by_id(client_id)
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buffer) },
  range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(buffer), character = 0 } },
  context = { diagnostics = {}, only = { 'source.fixAll' } },
}
local response = vim.lsp.buf_request_sync(buffer, 'textDocument/codeAction', params, 30000)
local applied = nil
for _, answer in pairs(response or {}) do
  for _, action in ipairs(answer.result or {}) do
    if action.kind == 'source.fixAll.canaryguard' then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
      applied = action.title
    end
  end
end

finish({
  diagnostics = diagnostics,
  applied = applied,
  text = table.concat(vim.api.nvim_buf_get_lines(buffer, 0, -1, true), '\n') .. '\n',
})
