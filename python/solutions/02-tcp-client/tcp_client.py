"""Day 1: the TCP client.

It connects to the server on 127.0.0.1:8888, sends each line the user types
and prints the reply; an empty line ends it, and so does '##' once sent.
"""
from socket import socket, AF_INET, SOCK_STREAM

ADDR = ('127.0.0.1', 8888)

sockfd = socket(AF_INET, SOCK_STREAM)
sockfd.connect(ADDR)

while True:
    try:
        msg = input('Msg>>')
    except EOFError:
        break
    # An empty line ends the client: sending b'' would send nothing at all.
    if not msg:
        break
    sockfd.send(msg.encode())
    if msg == '##':
        break
    data = sockfd.recv(1024)
    if not data:
        break
    print('From server:', data.decode())

sockfd.close()
