"""Homework with socketserver: one handler per client, the server loops for ever."""
import socketserver


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        print('Connect from', self.client_address)
        while True:
            try:
                data = self.request.recv(1024)
            except ConnectionResetError:
                break
            if not data or data.decode() == '##':
                break
            self.request.send(b'Thanks your message')
        # socketserver closes the connection when handle() returns.


with socketserver.TCPServer(('0.0.0.0', 9999), Handler) as server:
    print('Waiting for connect...')
    server.serve_forever()
