"""kintone: typed form fields, the async REST client, and the local simulator."""
