"""Homework: a TCP server that serves client after client.

The accept loop runs for ever; each client's session ends when it sends '##'
or leaves, and the server closes that connection and waits for the next one.
"""
from socket import socket, AF_INET, SOCK_STREAM

ADDR = ('0.0.0.0', 8888)

sockfd = socket(AF_INET, SOCK_STREAM)
sockfd.bind(ADDR)
sockfd.listen(5)

while True:
    print('Waiting for connect...')
    connfd, addr = sockfd.accept()
    print('Connect from', addr)
    while True:
        try:
            data = connfd.recv(1024)
        except ConnectionResetError:
            # The client reset the connection: it is gone.
            break
        if not data or data.decode() == '##':
            break
        print('Receive:', data.decode())
        connfd.send(b'Thanks your message')
    # Close this client's connection, then go back to accept() for the next.
    connfd.close()
