// Starts GraphiQL at /graphql/ui. A file of its own, not an inline script, so that the site's
// Content-Security-Policy can forbid inline scripts; the example tabs come from a JSON data block.
(function () {
  const tabs = JSON.parse(document.getElementById('graphiql-tabs').textContent);
  const fetcher = async (params) => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(params),
    });
    return response.json();
  };
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultTabs: tabs, defaultQuery: tabs.length ? tabs[0].query : undefined, defaultEditorToolsVisibility: true }));
})();
