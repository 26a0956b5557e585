"""Day 1: the TCP client. 第一天：TCP 客户端。

Read README.md (English) or README.zh-CN.md (中文) first.
"""
from socket import socket, AF_INET, SOCK_STREAM

ADDR = ('127.0.0.1', 8888)

# TODO: create the socket `sockfd` and `connect` it to ADDR (a client never binds).
# TODO: loop: `msg = input('Msg>>')`; an empty line ends the client;
#       otherwise `sockfd.send(msg.encode())`; after sending '##' stop;
#       otherwise `data = sockfd.recv(1024)` and print `data.decode()`.
# TODO: close `sockfd`.
