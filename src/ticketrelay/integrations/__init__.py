"""What an administrator sets up: an integration as submitted, checked live, tried out.

One module a job:

    spec    the submitted settings, validated into what the store keeps
    check   the connection and the mapping against the app's live fields
    sample  the settings page's test record
"""
