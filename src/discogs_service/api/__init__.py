"""HTTP only: read the request, make one service call, write the Discogs answer."""
